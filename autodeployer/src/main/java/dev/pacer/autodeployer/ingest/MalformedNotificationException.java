package dev.pacer.autodeployer.ingest;

/**
 * A webhook body that is not what its endpoint takes; the message says what is wrong (HTTP 400).
 */
public final class MalformedNotificationException extends RuntimeException {
  public MalformedNotificationException(String message) {
    super(message);
  }
}
