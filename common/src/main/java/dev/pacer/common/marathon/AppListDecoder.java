package dev.pacer.common.marathon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v2/apps} decoded in one streaming pass into the records Pacer uses: of each app only
 * the fields {@link MarathonJson#app} reads are built, the rest (commands, env, health checks, port
 * definitions...) is skipped unread. Ten thousand app definitions are megabytes; building them
 * whole at start-up was most of its time (README, performance).
 */
final class AppListDecoder {
  private static final JsonFactory JSON = new JsonFactory();

  /** The app fields {@link MarathonJson#app} reads. */
  static final Set<String> READ =
      Set.of(
          "id",
          "instances",
          "container",
          "labels",
          "version",
          "versionInfo",
          "deployments",
          "tasksRunning",
          "tasksHealthy",
          "tasksStaged",
          "tasksUnhealthy");

  private AppListDecoder() {}

  static List<MarathonApp> apps(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw notAList(body);
      }
      List<MarathonApp> apps = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if ("apps".equals(field) && t == JsonToken.START_ARRAY) {
          apps = new ArrayList<>();
          while (p.nextToken() == JsonToken.START_OBJECT) {
            apps.add(MarathonJson.app(app(p)));
          }
        } else {
          p.skipChildren();
        }
      }
      if (apps == null) {
        throw notAList(body);
      }
      return apps;
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Of each app only its id and the value of one label (apps without it are left out), in the order
   * Marathon lists them: what an index of one label needs, decoded without building any app.
   */
  static Map<String, String> label(byte[] body, String label) {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw notAList(body);
      }
      Map<String, String> values = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if ("apps".equals(field) && t == JsonToken.START_ARRAY) {
          values = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.START_OBJECT) {
            labelOf(p, label, values);
          }
        } else {
          p.skipChildren();
        }
      }
      if (values == null) {
        throw notAList(body);
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + e.getMessage(), e);
    }
  }

  private static void labelOf(JsonParser p, String label, Map<String, String> values)
      throws IOException {
    String id = null;
    String value = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if ("id".equals(field) && t == JsonToken.VALUE_STRING) {
        id = p.getText();
      } else if ("labels".equals(field) && t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          JsonToken v = p.nextToken();
          if (k.equals(label) && v == JsonToken.VALUE_STRING) {
            value = p.getText();
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("Marathon app without an id");
    }
    if (value != null) {
      values.put(id, value);
    }
  }

  private static IllegalArgumentException notAList(byte[] body) {
    return new IllegalArgumentException(
        "expected {\"apps\": [...]}, got "
            + MarathonJson.abbreviate(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** One app object, the parser on its START_OBJECT: the fields read, the others skipped. */
  private static JsonObject app(JsonParser p) throws IOException {
    Map<String, Object> a = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (READ.contains(field)) {
        a.put(field, value(p));
      } else {
        p.skipChildren();
      }
    }
    return new JsonObject(a);
  }

  /** The value under the parser, as Vert.x's JSON types hold it. */
  private static Object value(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          p.nextToken();
          m.put(k, value(p));
        }
        return new JsonObject(m);
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return new JsonArray(l);
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getNumberValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return true;
      }
      case VALUE_FALSE -> {
        return false;
      }
      default -> {
        return null;
      }
    }
  }
}
