package dev.pacer.testkit.mesos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The maintenance schedule's rules as {@code shared/contracts/README.md} §5 gives them (from
 * Mesos's {@code master/maintenance.cpp}): a posted schedule replaces the whole one; each window
 * has a machine and an unavailability; a machine appears once; each has a hostname or an IP
 * (hostnames compare case-insensitively); and every DOWN machine stays in the schedule. Pure.
 */
final class MesosMaintenance {
  private MesosMaintenance() {}

  /** Why {@code schedule} is refused, or null when it is valid. */
  static String invalid(JsonObject schedule, Set<String> downMachines) {
    // {} is the empty schedule: Mesos's own tests clear the schedule by posting it
    Object w0 = schedule.getValue("windows");
    if (w0 != null && !(w0 instanceof JsonArray)) {
      return "Failed to parse the schedule: 'windows' must be an array";
    }
    JsonArray windows = w0 == null ? new JsonArray() : (JsonArray) w0;
    Set<String> seen = new HashSet<>();
    for (Object o : windows) {
      if (!(o instanceof JsonObject w)) {
        return "Failed to parse the schedule: each window must be an object";
      }
      JsonArray ids = w.getJsonArray("machine_ids");
      if (ids == null || ids.isEmpty()) {
        return "List of machines in the maintenance window is empty";
      }
      if (!(w.getValue("unavailability") instanceof JsonObject u) || !u.containsKey("start")) {
        return "Maintenance window must have an unavailability with a start";
      }
      for (Object m : ids) {
        String key = key(m);
        if (key == null) {
          return "A machine must have a hostname or an IP";
        }
        if (!seen.add(key)) {
          return "Machine '" + key + "' appears more than once in the schedule";
        }
      }
    }
    for (String down : downMachines) {
      if (!seen.contains(down)) {
        return "Machine '" + down + "' is DOWN and must remain in the schedule";
      }
    }
    return null;
  }

  /** A machine id as one comparable key: lower-case hostname and IP. */
  static String key(Object machineId) {
    if (!(machineId instanceof JsonObject m)) {
      return null;
    }
    String host = m.getString("hostname", "");
    String ip = m.getString("ip", "");
    if (host.isEmpty() && ip.isEmpty()) {
      return null;
    }
    return host.toLowerCase(Locale.ROOT) + "/" + ip;
  }

  /** Every machine in the schedule, as keys. */
  static Set<String> machines(JsonObject schedule) {
    Set<String> out = new HashSet<>();
    for (Object o : schedule.getJsonArray("windows", new JsonArray())) {
      for (Object m : ((JsonObject) o).getJsonArray("machine_ids", new JsonArray())) {
        out.add(key(m));
      }
    }
    return out;
  }

  /** The schedule without {@code machines}; windows left empty are dropped. */
  static JsonObject without(JsonObject schedule, List<String> machines) {
    JsonArray windows = new JsonArray();
    for (Object o : schedule.getJsonArray("windows", new JsonArray())) {
      JsonObject w = ((JsonObject) o).copy();
      JsonArray kept = new JsonArray();
      for (Object m : w.getJsonArray("machine_ids", new JsonArray())) {
        if (!machines.contains(key(m))) {
          kept.add(m);
        }
      }
      if (!kept.isEmpty()) {
        windows.add(w.put("machine_ids", kept));
      }
    }
    return new JsonObject().put("windows", windows);
  }

  /**
   * JSON as Mesos renders a protobuf message (contracts §5, stout's {@code JSON::protobuf}): a
   * repeated field is written only when it has an element, so every empty list is left out, at any
   * depth. An empty schedule is {@code {}}.
   */
  static JsonObject asProtobuf(JsonObject o) {
    JsonObject out = new JsonObject();
    o.forEach(
        e -> {
          Object v = protobufValue(e.getValue());
          if (!(v instanceof JsonArray a && a.isEmpty())) {
            out.put(e.getKey(), v);
          }
        });
    return out;
  }

  private static Object protobufValue(Object v) {
    if (v instanceof JsonObject o) {
      return asProtobuf(o);
    }
    if (v instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(x -> out.add(protobufValue(x)));
      return out;
    }
    return v;
  }
}
