package dev.pacer.common.events;

/**
 * An app label that does not parse, reported once per label text; its event is a {@link
 * dev.pacer.common.events.types.LabelInvalid}.
 */
@FunctionalInterface
public interface InvalidLabel {
  void report(String appId, String label, String reason);
}
