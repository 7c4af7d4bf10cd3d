package dev.pacer.common.control;

import dev.pacer.common.events.types.PauseEvent;
import dev.pacer.common.events.types.PauseExpired;
import dev.pacer.common.events.types.PauseResumed;
import dev.pacer.common.events.types.PauseSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pause a runbook set: {@code scope} is {@value #GLOBAL} or an app id; it ends by itself at
 * {@code until}.
 */
public record Pause(
    String scope, Instant at, Instant until, String reason, String who, Map<String, String> data) {
  public static final String GLOBAL = "global";

  /**
   * {@code data}: what a record that is not a pause keeps besides (an approval's push and votes
   * needed, a vote's choice); empty for a pause. Stored and sent with the rest.
   */
  public Pause {
    data =
        data == null || data.isEmpty()
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  public Pause(String scope, Instant at, Instant until, String reason, String who) {
    this(scope, at, until, reason, who, Map.of());
  }

  /**
   * An approval's scope is {@code approval:<id>}: a push to an app whose label asks for approvals,
   * waiting for its votes (autodeployer). A vote's is {@code vote:<approval id>:<who>}, one per
   * person. Stored as pauses are; they hold nothing, and are not listed with the pauses.
   */
  public static final String APPROVAL_PREFIX = "approval:";

  public static final String VOTE_PREFIX = "vote:";

  /** Whether this is an approval or a vote, not a pause (nor a quarantine). */
  public boolean approvalRecord() {
    return approvalScope(scope);
  }

  /**
   * Whether {@code scope} is an approval's or a vote's: a record of the autodeployer's, which
   * {@code /status}'s pauses, the journal and Slack's pause messages leave out.
   */
  public static boolean approvalScope(String scope) {
    return scope.startsWith(APPROVAL_PREFIX) || scope.startsWith(VOTE_PREFIX);
  }

  /** A pool's scope is {@code pool:<name>}: the agent-scaler's pools. */
  public static final String POOL_PREFIX = "pool:";

  /**
   * A deploy freeze's scope is {@code deploys:<app id>} or {@value #DEPLOYS_GLOBAL}: it holds the
   * autodeployer's pushes, not the autoscaler (and a scale pause does not freeze deploys).
   */
  public static final String DEPLOYS_PREFIX = "deploys:";

  public static final String DEPLOYS_GLOBAL = "deploys:global";

  /**
   * A quarantine's scope is {@code quarantine:<app id>@<digest>}: an image rolled back from the
   * app, never deployed to it again automatically until lifted. Stored as a pause is (the state
   * file, the control topic, ZooKeeper with HA), but it holds nothing else and never ends by
   * itself.
   */
  public static final String QUARANTINE_PREFIX = "quarantine:";

  /** How long a quarantine "lasts": until it is lifted, in practice. */
  public static final java.time.Duration QUARANTINE_FOR = java.time.Duration.ofDays(365L * 100);

  /** The scope of the quarantine of {@code digest} for {@code appId}. */
  public static String quarantineScope(String appId, String digest) {
    return QUARANTINE_PREFIX + appId + "@" + digest;
  }

  /** Whether this is a quarantine. */
  public boolean quarantine() {
    return scope.startsWith(QUARANTINE_PREFIX);
  }

  /** A quarantine's app id ({@code ""} for another pause). */
  public String quarantinedApp() {
    return quarantine() ? scope.substring(QUARANTINE_PREFIX.length(), scope.lastIndexOf('@')) : "";
  }

  /** A quarantine's digest ({@code ""} for another pause). */
  public String quarantinedDigest() {
    return quarantine() ? scope.substring(scope.lastIndexOf('@') + 1) : "";
  }

  /** Whether this is a deploy freeze. */
  public boolean freeze() {
    return scope.startsWith(DEPLOYS_PREFIX);
  }

  public boolean global() {
    return GLOBAL.equals(scope);
  }

  public boolean activeAt(Instant now) {
    return now.isBefore(until);
  }

  /** What a hold says: {@code paused (global) by alice until …: reason}. */
  public String describe() {
    if (quarantine()) {
      return quarantinedDigest()
          + " is quarantined for "
          + quarantinedApp()
          + " since "
          + at
          + " (by "
          + (who.isEmpty() ? "someone" : who)
          + (reason.isEmpty() ? "" : ": " + reason)
          + "); lift it with pacer quarantine lift";
    }
    if (freeze()) {
      return "deploys frozen"
          + (DEPLOYS_GLOBAL.equals(scope) ? " (all apps)" : "")
          + " by "
          + (who.isEmpty() ? "someone" : who)
          + " until "
          + until
          + (reason.isEmpty() ? "" : ": " + reason);
    }
    return "paused"
        + (global() ? " (global)" : "")
        + " by "
        + (who.isEmpty() ? "someone" : who)
        + " until "
        + until
        + (reason.isEmpty() ? "" : ": " + reason);
  }

  /** The pause an event carries. */
  public static Pause of(PauseEvent e) {
    return new Pause(e.scope(), e.at(), e.until(), e.reason(), e.who(), e.facts().data());
  }

  /** {@code pacer.control.paused} of this pause. */
  public PauseSet set() {
    return new PauseSet(facts());
  }

  /** {@code pacer.control.expired} of this pause. */
  public PauseExpired expired() {
    return new PauseExpired(facts());
  }

  /** {@code pacer.control.resumed} of this pause, lifted early by {@code by}. */
  public PauseResumed resumed(String by, String why) {
    return new PauseResumed(facts(), by, why);
  }

  private PauseEvent.Facts facts() {
    return new PauseEvent.Facts(scope, at, until, reason, who, data);
  }

  /** Its fields and what a hold says of it ({@code describe}): an app's pause state. */
  public Map<String, Object> view() {
    Map<String, Object> m = new java.util.LinkedHashMap<>(toMap());
    m.put("describe", describe());
    return m;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scope", scope);
    m.put("at", at.toString());
    m.put("until", until.toString());
    m.put("reason", reason);
    m.put("who", who);
    if (!data.isEmpty()) {
      m.put("data", new LinkedHashMap<>(data));
    }
    return m;
  }

  /**
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public static Pause fromMap(Map<String, Object> m) {
    try {
      return new Pause(
          str(m, "scope"),
          Instant.parse(str(m, "at")),
          Instant.parse(str(m, "until")),
          String.valueOf(m.getOrDefault("reason", "")),
          String.valueOf(m.getOrDefault("who", "")),
          data(m.get("data")));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("pause: bad time: " + e.getParsedString());
    }
  }

  private static Map<String, String> data(Object v) {
    if (v == null) {
      return Map.of();
    }
    Map<?, ?> raw =
        v instanceof io.vertx.core.json.JsonObject j
            ? j.getMap()
            : v instanceof Map<?, ?> mm ? mm : null;
    if (raw == null) {
      throw new IllegalArgumentException("pause: data is not an object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    raw.forEach((k, val) -> out.put(String.valueOf(k), val == null ? "" : String.valueOf(val)));
    return out;
  }

  private static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null || v.toString().isBlank()) {
      throw new IllegalArgumentException("pause: missing " + key);
    }
    return v.toString();
  }
}
