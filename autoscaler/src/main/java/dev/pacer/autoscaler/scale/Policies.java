package dev.pacer.autoscaler.scale;

import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parsed {@code autoscale} labels, by app, re-parsed only when a label's text changes (10,000
 * labels every 30 s would otherwise be parsed again each cycle). An invalid label is reported once
 * per text through {@code onInvalid}, and its reason kept for {@code /status} (read from the HTTP
 * thread, hence the concurrent map).
 */
final class Policies {
  private record Parsed(String text, AutoscalePolicy policy, String error) {}

  private final Map<String, Parsed> byApp = new java.util.concurrent.ConcurrentHashMap<>();
  private final dev.pacer.common.events.InvalidLabel onInvalid;

  Policies(dev.pacer.common.events.InvalidLabel onInvalid) {
    this.onInvalid = onInvalid;
  }

  /** The app's policy, or null when its label does not parse. */
  AutoscalePolicy policy(String appId, String label) {
    Parsed p = byApp.get(appId);
    if (p == null || !p.text().equals(label)) {
      try {
        p = new Parsed(label, AutoscaleLabel.parse(appId, label), null);
      } catch (IllegalArgumentException e) {
        p = new Parsed(label, null, e.getMessage());
        onInvalid.report(appId, label, e.getMessage());
      }
      byApp.put(appId, p);
    }
    return p.policy();
  }

  /** Forgets apps that are gone or lost their label. */
  void retain(Set<String> appIds) {
    byApp.keySet().retainAll(appIds);
  }

  Map<String, String> skipped() {
    Map<String, String> out = new LinkedHashMap<>();
    byApp.forEach(
        (id, p) -> {
          if (p.error() != null) {
            out.put(id, p.error());
          }
        });
    return out;
  }
}
