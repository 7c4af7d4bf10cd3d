package dev.pacer.launcher;

import dev.pacer.common.runtime.ProcessRunner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code pacer approvals}, {@code pacer approve ID} and {@code pacer reject ID}: the pushes that
 * wait for votes before they deploy (an {@code autodeploy} label with {@code approvals = N}), and a
 * vote on one ({@code POST /approvals/{id}}). One vote per person ({@code --who}, default your user
 * name); the first rejection ends the approval.
 */
final class ApprovalCommands {
  private ApprovalCommands() {}

  @Command(
      name = "approvals",
      mixinStandardHelpOptions = true,
      description =
          "The pushes waiting for approval: id, app, image, votes, deadline (GET /approvals).")
  static final class ListCommand implements Callable<Integer> {
    @Mixin AdminCommands.Target target;

    @Override
    public Integer call() {
      return AdminHttp.get(
          target,
          "/approvals",
          "pacer approvals",
          answer -> render(answer.getJsonArray("approvals", new JsonArray())));
    }
  }

  /** One line per approval, and a line per vote under it. */
  static String render(JsonArray approvals) {
    StringBuilder b = new StringBuilder();
    for (Object o : approvals) {
      JsonObject a = (JsonObject) o;
      b.append(a.getString("id"))
          .append("  ")
          .append(a.getString("app"))
          .append("  ")
          .append(a.getString("image"))
          .append("  ")
          .append(a.getString("state"))
          .append("  ")
          .append(a.getValue("approvals"))
          .append(" of ")
          .append(a.getValue("needed"))
          .append("  deadline ")
          .append(a.getString("deadline"))
          .append('\n');
      for (Object v : a.getJsonArray("votes", new JsonArray())) {
        JsonObject vote = (JsonObject) v;
        String name = vote.getString("name", "");
        b.append("    ")
            .append(vote.getString("vote"))
            .append(" by ")
            .append(
                name.isEmpty() ? vote.getString("who") : name + " (" + vote.getString("who") + ")")
            .append(" via ")
            .append(vote.getString("via"))
            .append(" at ")
            .append(vote.getString("at"))
            .append(vote.getString("reason", "").isEmpty() ? "" : ": " + vote.getString("reason"))
            .append('\n');
      }
    }
    return b.length() == 0 ? "No push waits for approval.\n" : b.toString();
  }

  /** A vote on one approval. */
  abstract static class VoteCommand implements Callable<Integer> {
    @Mixin AdminCommands.Target target;

    @Parameters(index = "0", paramLabel = "ID", description = "The approval (pacer approvals).")
    String id;

    @Mixin AdminCommands.Why why;

    abstract String vote();

    @Override
    public Integer call() {
      if (!id.matches("[A-Za-z0-9]+")) {
        System.err.println(
            "pacer " + vote() + ": ID is an approval's id such as 3f2a9c1d, got '" + id + "'");
        return ProcessRunner.CONFIG_ERROR;
      }
      return AdminHttp.post(
          target,
          "/approvals/" + id,
          why.body().put("vote", vote()),
          System.out,
          System.err,
          r -> {
            JsonObject a = r.getJsonObject("approval", new JsonObject());
            return (vote().equals("approve") ? "approved " : "rejected ")
                + id
                + " ("
                + a.getString("image", "?")
                + " to "
                + a.getString("app", "?")
                + "): "
                + a.getValue("approvals")
                + " of "
                + a.getValue("needed")
                + (vote().equals("approve")
                    ? " approvals; it deploys once they are all in"
                    : " approvals; it will not deploy");
          });
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description =
          "Approve a push waiting for approval: it deploys once the votes it needs are in.")
  static final class Approve extends VoteCommand {
    @Override
    String vote() {
      return "approve";
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description =
          "Reject a push waiting for approval: it is not deployed, and its image is quarantined"
              + " for the app.")
  static final class Reject extends VoteCommand {
    @Override
    String vote() {
      return "reject";
    }
  }
}
