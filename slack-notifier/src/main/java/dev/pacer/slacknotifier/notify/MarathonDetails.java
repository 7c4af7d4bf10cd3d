package dev.pacer.slacknotifier.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.slacknotifier.format.ConfigDiff;
import dev.pacer.slacknotifier.format.Messages;
import dev.pacer.slacknotifier.format.SlackMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a deployment's thread shows from Marathon: the config diff and the last task failure. */
final class MarathonDetails {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MarathonClient marathon;

  MarathonDetails(MarathonClient marathon) {
    this.marathon = marathon;
  }

  /** The diff between two versions of the app, or a line saying why there is none. */
  Future<SlackMessage> diff(String app, String from, String to) {
    return Future.all(marathon.appDefinition(app, from), marathon.appDefinition(app, to))
        .map(
            all ->
                ConfigDiff.render(
                    app,
                    from,
                    to,
                    ConfigDiff.between(tree(all.resultAt(0)), tree(all.resultAt(1)))))
        .otherwise(err -> Messages.step(app, "config diff not available: " + err.getMessage()));
  }

  /** Marathon's {@code lastTaskFailure} of the app in one line; empty when it has none. */
  Future<String> lastTaskFailure(String app) {
    return marathon
        .appJson(app)
        .map(
            j -> {
              JsonObject f = j.getJsonObject("lastTaskFailure");
              return f == null
                  ? ""
                  : f.getString("state", "")
                      + " on "
                      + f.getString("host", "?")
                      + " at "
                      + f.getString("timestamp", "?")
                      + ": "
                      + f.getString("message", "");
            })
        .otherwise("");
  }

  /** A {@code deployment_step_success} or {@code _failure} event as a line of the thread. */
  static String stepLine(boolean ok, Map<String, Object> d) {
    String actions = "";
    if (d.get("currentStep") instanceof Map<?, ?> step
        && step.get("actions") instanceof List<?> as) {
      List<String> names = new ArrayList<>();
      for (Object a : as) {
        if (a instanceof Map<?, ?> m) {
          names.add(String.valueOf(m.get("action")));
        }
      }
      actions = String.join(", ", names);
    }
    return "Marathon: step " + (actions.isEmpty() ? "" : actions + " ") + (ok ? "done" : "failed");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(JsonObject j) {
    try {
      return JSON.readValue(j.encode(), Map.class);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
