package dev.pacer.common.journal;

import dev.pacer.common.events.PacerEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which timelines an event belongs to. A decision about an app ({@code pacer.scale.*}, {@code
 * pacer.deploy.*}, the label checks) is the app's; a deploy's also its image's; {@code
 * pacer.push.matched} (which apps a push matched, and the nearest misses) the image's; {@code
 * pacer.agents.*} the pool's; a pause, resume or expiry its scope's (an app, {@code pool:NAME}, or
 * {@code global}); {@code pacer.collector.degraded} is global. Other events (Marathon's relayed
 * events, pushes) are not decisions. Pure.
 */
public final class JournalEntries {
  private JournalEntries() {}

  public static List<JournalEntry> of(PacerEvent e) {
    String type = e.type();
    List<JournalEntry> out = new ArrayList<>(2);
    if (type.startsWith("pacer.scale.")
        || type.startsWith("pacer.deploy.")
        || type.equals("pacer.autoscale.label_invalid")
        || type.equals("pacer.autodeploy.label_invalid")) {
      if (!e.subject().isEmpty()) {
        out.add(entry(JournalEntry.APP, e.subject(), e));
      }
      if (type.startsWith("pacer.deploy.")
          && e.data().get("image") instanceof String image
          && !image.isEmpty()) {
        // the image's timeline says which app each entry is about
        Map<String, Object> data = new LinkedHashMap<>(e.data());
        data.put("app", e.subject());
        out.add(
            new JournalEntry(
                JournalEntry.IMAGE, withoutDigest(image), e.time(), e.type(), e.id(), data));
      }
    } else if (type.equals("pacer.push.matched")) {
      if (e.data().get("image") instanceof String image && !image.isEmpty()) {
        out.add(entry(JournalEntry.IMAGE, image, e));
      }
    } else if (type.startsWith("pacer.agents.")) {
      out.add(entry(JournalEntry.POOL, e.subject(), e));
    } else if (type.startsWith("pacer.control.")) {
      String scope = e.data().get("scope") instanceof String s ? s : e.subject();
      if (dev.pacer.common.control.Pause.approvalScope(scope)) {
        return out; // the store's records; pacer.deploy.approval says them in the app's timeline
      }
      if (scope.startsWith("/")) {
        out.add(entry(JournalEntry.APP, scope, e));
      } else if (scope.startsWith("pool:")) {
        out.add(entry(JournalEntry.POOL, scope.substring("pool:".length()), e));
      } else {
        out.add(entry(JournalEntry.GLOBAL, scope.isEmpty() ? "global" : scope, e));
      }
    } else if (type.equals("pacer.collector.degraded")) {
      out.add(entry(JournalEntry.GLOBAL, "collector", e));
    }
    return out;
  }

  /** An image pinned to its digest ({@code repo:tag@sha256:...}) is its tag's. */
  static String withoutDigest(String image) {
    int at = image.indexOf('@');
    return at < 0 ? image : image.substring(0, at);
  }

  private static JournalEntry entry(String kind, String subject, PacerEvent e) {
    return new JournalEntry(kind, subject, e.time(), e.type(), e.id(), e.data());
  }
}
