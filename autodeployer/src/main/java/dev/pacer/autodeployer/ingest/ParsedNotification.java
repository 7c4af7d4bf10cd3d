package dev.pacer.autodeployer.ingest;

import java.util.List;

/** What one webhook body holds: the pushes to act on, and why the other events were ignored. */
public record ParsedNotification(List<ImagePush> pushes, List<String> ignored) {
  public ParsedNotification {
    pushes = List.copyOf(pushes);
    ignored = List.copyOf(ignored);
  }
}
