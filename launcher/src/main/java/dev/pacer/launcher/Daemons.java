package dev.pacer.launcher;

import dev.pacer.agentscaler.AgentScalerMain;
import dev.pacer.autodeployer.AutodeployerMain;
import dev.pacer.autoscaler.AutoscalerMain;
import dev.pacer.collector.CollectorMain;
import dev.pacer.common.runtime.DaemonModule;
import dev.pacer.slacknotifier.SlackNotifierMain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every daemon, in start order. */
final class Daemons {
  static final List<DaemonModule<?>> ALL =
      List.of(
          new SlackNotifierMain(),
          new AutodeployerMain(),
          new AutoscalerMain(),
          new AgentScalerMain(),
          new CollectorMain());

  private Daemons() {}

  /** Overrides that enable {@code only} and disable every other daemon. */
  static Map<String, String> only(String only) {
    Map<String, String> o = new LinkedHashMap<>();
    for (DaemonModule<?> d : ALL) {
      o.put("pacer." + d.name() + ".enabled", String.valueOf(d.name().equals(only)));
    }
    return o;
  }
}
