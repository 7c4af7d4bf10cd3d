package dev.pacer.deploy.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Marathon's published app-definition JSON schema ({@code AppDefinition.json}, beside this class,
 * verbatim), the last one Marathon published (1.7, 2018-11; Marathon 1.8 replaced it with RAML). It
 * predates fields Marathon 1.8 to 1.10 take, which it would refuse as unknown ({@code
 * additionalProperties: false}): those in {@link #NEWER_FIELDS} are taken off before the schema
 * check and checked for their JSON type only. Pure.
 */
public final class MarathonSchema {
  /** A schema violation: where in the app (field names and list indexes), and what. */
  public record Violation(List<String> path, String message) {}

  /**
   * App fields newer than the schema, by the JSON type Marathon takes: {@code role} (1.9, group
   * roles), {@code resourceLimits} (1.10), {@code check} (Mesos checks), {@code tty}, and {@code
   * container.linuxInfo} (seccomp, shared memory).
   */
  public static final Map<String, String> NEWER_FIELDS =
      Map.of(
          "role", "string",
          "resourceLimits", "object",
          "check", "object",
          "tty", "boolean",
          "container.linuxInfo", "object");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA = load();

  private MarathonSchema() {}

  private static Schema load() {
    try (InputStream in = MarathonSchema.class.getResourceAsStream("AppDefinition.json")) {
      if (in == null) {
        throw new IllegalStateException("AppDefinition.json is missing from the classpath");
      }
      ObjectNode schema = (ObjectNode) JSON.readTree(in);
      // "http://json-schema.org/schema#" names no draft; the document is draft-04 in form
      schema.remove("$schema");
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
          .getSchema(
              new String(JSON.writeValueAsBytes(schema), StandardCharsets.UTF_8), InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every violation of the schema by this app definition (JSON-shaped maps and lists). */
  public static List<Violation> check(Map<String, Object> definition) {
    ObjectNode app = JSON.valueToTree(definition);
    List<Violation> out = new ArrayList<>();
    for (Map.Entry<String, String> f : NEWER_FIELDS.entrySet()) {
      String[] path = f.getKey().split("\\.");
      JsonNode parent = app;
      for (int i = 0; i < path.length - 1 && parent != null; i++) {
        parent = parent.get(path[i]);
      }
      if (parent instanceof ObjectNode o && o.has(path[path.length - 1])) {
        JsonNode v = o.remove(path[path.length - 1]);
        if (!type(v).equals(f.getValue())) {
          out.add(
              new Violation(
                  List.of(path),
                  f.getKey() + ": " + type(v) + " found, " + f.getValue() + " expected"));
        }
      }
    }
    Map<String, Violation> unique = new LinkedHashMap<>();
    for (Error e : SCHEMA.validate(app)) {
      List<String> path = elements(e.getInstanceLocation());
      if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
        path.add(e.getProperty()); // the unknown field has the line
      }
      String where = path.isEmpty() ? "app" : String.join(".", path);
      String message = e.getMessage();
      String prefix = e.getInstanceLocation().toString() + ": ";
      if (message.startsWith(prefix)) {
        message = message.substring(prefix.length());
      }
      if (path.size() > elements(e.getInstanceLocation()).size()) {
        message = "unknown field: Marathon's app definition has no " + e.getProperty();
      }
      unique.putIfAbsent(where + message, new Violation(path, where + ": " + message));
    }
    out.addAll(unique.values());
    return out;
  }

  private static List<String> elements(NodePath p) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < p.getNameCount(); i++) {
      out.add(String.valueOf(p.getElement(i)));
    }
    return out;
  }

  private static String type(JsonNode v) {
    if (v.isTextual()) {
      return "string";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    if (v.isObject()) {
      return "object";
    }
    if (v.isArray()) {
      return "array";
    }
    return v.isNumber() ? "number" : "null";
  }
}
