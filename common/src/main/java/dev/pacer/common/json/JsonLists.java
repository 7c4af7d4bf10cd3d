package dev.pacer.common.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one way Pacer reads a list out of Mesos's and Marathon's JSON. Mesos renders protobuf by
 * reflection and leaves a repeated field out when it is empty ({@code GET
 * /master/maintenance/schedule} with no schedule is {@code {}}, not {@code {"windows": []}}, see
 * contracts §5), and a JSON {@code null} is no list either: both read as an empty list here, so no
 * caller can meet a null. A value of another type is not a list the caller can use: it reads as
 * empty too, and the caller's own checks (a required field) say what is missing.
 */
public final class JsonLists {
  private JsonLists() {}

  /** {@code o[key]} as an array: empty when absent, null or not an array. Never null. */
  public static JsonArray array(JsonObject o, String key) {
    Object v = o == null ? null : o.getValue(key);
    return v instanceof JsonArray a ? a : new JsonArray();
  }

  /** The objects in {@code o[key]}, skipping any element that is not an object. */
  public static List<JsonObject> objects(JsonObject o, String key) {
    JsonArray a = array(o, key);
    List<JsonObject> out = new ArrayList<>(a.size());
    for (Object e : a) {
      if (e instanceof JsonObject j) {
        out.add(j);
      } else if (e instanceof Map<?, ?> m) {
        out.add(new JsonObject(castMap(m)));
      }
    }
    return out;
  }

  /**
   * {@code m[key]} of JSON decoded into maps and lists (Jackson): empty when absent or not a list.
   */
  public static List<?> list(Map<?, ?> m, String key) {
    Object v = m == null ? null : m.get(key);
    return v instanceof List<?> l ? l : List.of();
  }

  /**
   * {@code o} with {@code element} appended to its list {@code key}, created when Mesos left it
   * out.
   */
  public static JsonObject append(JsonObject o, String key, Object element) {
    JsonArray a = array(o, key).copy().add(element);
    return o.put(key, a);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
