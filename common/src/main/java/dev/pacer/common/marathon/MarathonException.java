package dev.pacer.common.marathon;

import java.util.List;

/** Why a Marathon call failed, as a type a caller can switch on. */
public abstract sealed class MarathonException extends RuntimeException {

  MarathonException(String message, Throwable cause) {
    super(message, cause);
  }

  /** 409: deployments in flight hold the app. Pacer never forces unless the caller asks. */
  public static final class AppLocked extends MarathonException {
    private final List<String> deploymentIds;

    public AppLocked(String appId, List<String> deploymentIds) {
      super("app " + appId + " is locked by deployment(s) " + deploymentIds, null);
      this.deploymentIds = List.copyOf(deploymentIds);
    }

    public List<String> deploymentIds() {
      return deploymentIds;
    }
  }

  /** 404: the app or deployment does not exist. */
  public static final class NotFound extends MarathonException {
    public NotFound(String message) {
      super(message, null);
    }
  }

  /** 400 or 422: Marathon rejected the request body; {@code details} are "path: errors" lines. */
  public static final class Invalid extends MarathonException {
    private final List<String> details;

    public Invalid(String message, List<String> details) {
      super(details.isEmpty() ? message : message + " " + details, null);
      this.details = List.copyOf(details);
    }

    public List<String> details() {
      return details;
    }
  }

  /** 5xx, connection refused, or timed out, on every configured URL. Worth retrying later. */
  public static final class Unavailable extends MarathonException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Any other refusal, such as 401/403 (credentials) or 409 "already exists". */
  public static final class Rejected extends MarathonException {
    private final int status;

    public Rejected(int status, String message) {
      super("HTTP " + status + ": " + message, null);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
