package dev.pacer.common.events.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pacer.common.events.PacerEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event type's name, and the one codec between a type's record and its envelope's {@code
 * data}: keys in kebab-case ({@code pushed-at}, {@code deployment-id}), a field without a value
 * left out, times as RFC 3339 text, durations as ISO-8601 ({@code PT30M}). Every producer writes
 * through {@link #event} and every consumer reads through {@link #read}; the local backbone hands
 * its consumers the data as it came back from JSON, as Kafka does.
 */
public final class EventTypes {
  public static final String REGISTRY_PUSH = "pacer.registry.push";

  public static final String DEPLOY_STARTED = "pacer.deploy.started";
  public static final String DEPLOY_SUCCEEDED = "pacer.deploy.succeeded";
  public static final String DEPLOY_FAILED = "pacer.deploy.failed";
  public static final String DEPLOY_ROLLED_BACK = "pacer.deploy.rolled_back";
  public static final String DEPLOY_SKIPPED = "pacer.deploy.skipped";
  public static final String DEPLOY_HELD = "pacer.deploy.held";
  public static final String DEPLOY_DRY_RUN = "pacer.deploy.dry_run";
  public static final String DEPLOY_APPROVAL = "pacer.deploy.approval";
  public static final String PUSH_MATCHED = "pacer.push.matched";
  public static final String AUTODEPLOY_LABEL_INVALID = "pacer.autodeploy.label_invalid";

  public static final String SCALE_APPLIED = "pacer.scale.applied";
  public static final String SCALE_HELD = "pacer.scale.held";
  public static final String SCALE_DRY_RUN = "pacer.scale.dry_run";
  public static final String AUTOSCALE_LABEL_INVALID = "pacer.autoscale.label_invalid";

  public static final String AGENTS_SCALED_UP = "pacer.agents.scaled_up";
  public static final String AGENTS_HELD = "pacer.agents.held";
  public static final String AGENTS_DRY_RUN = "pacer.agents.dry_run";
  public static final String AGENTS_DRAINING = "pacer.agents.draining";
  public static final String AGENTS_TERMINATED = "pacer.agents.terminated";

  public static final String PAUSED = "pacer.control.paused";
  public static final String RESUMED = "pacer.control.resumed";
  public static final String EXPIRED = "pacer.control.expired";

  public static final String COLLECTOR_DEGRADED = "pacer.collector.degraded";

  /** {@code pacer.marathon.} and Marathon's {@code eventType}: a relayed Marathon event. */
  public static final String MARATHON_PREFIX = "pacer.marathon.";

  public static final String STREAM_ATTACHED = MARATHON_PREFIX + "stream_attached";

  /** Each type's record. A relayed Marathon event is any other {@code pacer.marathon.*} type. */
  public static final Map<String, Class<? extends EventData>> RECORDS = records();

  /** Keys an earlier version wrote, per type: still read. */
  private static final Map<String, Map<String, String>> FORMER_KEYS =
      Map.of(REGISTRY_PUSH, Map.of("pushedAt", "pushed-at"));

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .build();

  private static final TypeReference<LinkedHashMap<String, Object>> TREE = new TypeReference<>() {};

  private EventTypes() {}

  /** A new event of {@code data}'s type, in its envelope. */
  public static PacerEvent event(String source, String subject, Instant time, EventData data) {
    return PacerEvent.create(source, data.type(), subject, time, data(data));
  }

  /** The same, with a given id (a registry push keeps the registry's event id). */
  public static PacerEvent event(
      String id, String source, String subject, Instant time, EventData data) {
    return new PacerEvent(id, source, data.type(), subject, time, data(data));
  }

  /** The envelope's {@code data} of a record. */
  public static Map<String, Object> data(EventData data) {
    if (data instanceof MarathonRelayed m) {
      return m.payload();
    }
    if (data instanceof UnknownEvent u) {
      return u.data();
    }
    return MAPPER.convertValue(data, TREE);
  }

  /**
   * The record of an event's data. An unknown type is an {@link UnknownEvent}, to be passed by.
   *
   * @throws InvalidEventData naming the type and what is wrong, when a known type's data is not
   *     what that type carries
   */
  public static EventData read(PacerEvent e) {
    return read(e.type(), e.data());
  }

  public static EventData read(String type, Map<String, Object> data) {
    Class<? extends EventData> cls = RECORDS.get(type);
    if (cls == null) {
      return type.startsWith(MARATHON_PREFIX)
          ? new MarathonRelayed(type.substring(MARATHON_PREFIX.length()), data)
          : new UnknownEvent(type, data);
    }
    Map<String, Object> d = data;
    Map<String, String> former = FORMER_KEYS.get(type);
    if (former != null) {
      d = new LinkedHashMap<>(data);
      for (Map.Entry<String, String> k : former.entrySet()) {
        if (d.containsKey(k.getKey()) && !d.containsKey(k.getValue())) {
          d.put(k.getValue(), d.remove(k.getKey()));
        }
      }
    }
    try {
      return MAPPER.convertValue(d, cls);
    } catch (IllegalArgumentException ex) {
      Throwable cause = ex;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new InvalidEventData(type + ": " + firstLine(cause.getMessage()), ex);
    }
  }

  /** The record of an event of type {@code cls}. */
  public static <T extends EventData> T read(PacerEvent e, Class<T> cls) {
    EventData d = read(e);
    if (!cls.isInstance(d)) {
      throw new InvalidEventData(e.type() + ": not a " + cls.getSimpleName());
    }
    return cls.cast(d);
  }

  static void require(Object value, String field) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw new IllegalArgumentException("required field '" + field + "' is missing");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static Map<String, Class<? extends EventData>> records() {
    Map<String, Class<? extends EventData>> m = new LinkedHashMap<>();
    m.put(REGISTRY_PUSH, RegistryPush.class);
    m.put(DEPLOY_STARTED, DeployStarted.class);
    m.put(DEPLOY_SUCCEEDED, DeploySucceeded.class);
    m.put(DEPLOY_FAILED, DeployFailed.class);
    m.put(DEPLOY_ROLLED_BACK, DeployRolledBack.class);
    m.put(DEPLOY_SKIPPED, DeploySkipped.class);
    m.put(DEPLOY_HELD, DeployHeld.class);
    m.put(DEPLOY_DRY_RUN, DeployDryRun.class);
    m.put(DEPLOY_APPROVAL, DeployApproval.class);
    m.put(PUSH_MATCHED, PushMatched.class);
    m.put(AUTODEPLOY_LABEL_INVALID, LabelInvalid.Autodeploy.class);
    m.put(SCALE_APPLIED, ScaleApplied.class);
    m.put(SCALE_HELD, ScaleHeld.class);
    m.put(SCALE_DRY_RUN, ScaleDryRun.class);
    m.put(AUTOSCALE_LABEL_INVALID, LabelInvalid.Autoscale.class);
    m.put(AGENTS_SCALED_UP, PoolScaledUp.class);
    m.put(AGENTS_HELD, PoolHeld.class);
    m.put(AGENTS_DRY_RUN, PoolDryRun.class);
    m.put(AGENTS_DRAINING, AgentDraining.class);
    m.put(AGENTS_TERMINATED, AgentTerminated.class);
    m.put(PAUSED, PauseSet.class);
    m.put(RESUMED, PauseResumed.class);
    m.put(EXPIRED, PauseExpired.class);
    m.put(STREAM_ATTACHED, StreamAttached.class);
    m.put(COLLECTOR_DEGRADED, CollectorDegraded.class);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The types {@link #RECORDS} names, in order. */
  public static List<String> known() {
    return List.copyOf(RECORDS.keySet());
  }

  /** A known type's data that is not what the type carries; the message names what is wrong. */
  public static final class InvalidEventData extends IllegalArgumentException {
    public InvalidEventData(String message) {
      super("invalid event data: " + message);
    }

    public InvalidEventData(String message, Throwable cause) {
      super("invalid event data: " + message, cause);
    }
  }
}
