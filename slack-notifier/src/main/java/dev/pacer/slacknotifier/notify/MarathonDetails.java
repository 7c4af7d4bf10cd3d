package dev.pacer.slacknotifier.notify;

import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.slacknotifier.format.ConfigDiff;
import dev.pacer.slacknotifier.format.Messages;
import dev.pacer.slacknotifier.format.SlackMessage;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a deployment's thread shows from Marathon: the config diff and the last task failure. */
final class MarathonDetails {
  private final MarathonClient marathon;

  MarathonDetails(MarathonClient marathon) {
    this.marathon = marathon;
  }

  /** The diff between two versions of the app, or a line saying why there is none. */
  Future<SlackMessage> diff(String app, String from, String to) {
    return Future.all(marathon.appVersion(app, from), marathon.appVersion(app, to))
        .map(
            all ->
                ConfigDiff.render(
                    app,
                    from,
                    to,
                    ConfigDiff.between(
                        all.<dev.pacer.common.marathon.AppVersion>resultAt(0).definition(),
                        all.<dev.pacer.common.marathon.AppVersion>resultAt(1).definition())))
        .otherwise(err -> Messages.step(app, "config diff not available: " + err.getMessage()));
  }

  /** Marathon's {@code lastTaskFailure} of the app in one line; empty when it has none. */
  Future<String> lastTaskFailure(String app) {
    return marathon
        .appDetails(app)
        .map(
            d ->
                d.lastTaskFailure()
                    .map(
                        f ->
                            f.state()
                                + " on "
                                + (f.host().isEmpty() ? "?" : f.host())
                                + " at "
                                + (f.timestamp().isEmpty() ? "?" : f.timestamp())
                                + ": "
                                + f.message())
                    .orElse(""))
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
}
