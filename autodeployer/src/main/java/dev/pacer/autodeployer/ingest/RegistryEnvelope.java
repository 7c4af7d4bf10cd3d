package dev.pacer.autodeployer.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decodes the three webhook formats into {@link ImagePush}es (see {@code contracts/registry}). Only
 * a {@code push} of a manifest with a tag is a push; blob pushes ({@code
 * application/octet-stream}), untagged manifests, pulls, mounts and deletes are ignored with their
 * reason. Pure.
 */
public final class RegistryEnvelope {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Manifest media types a tagged push can carry (single images, lists and indexes). */
  public static final Set<String> MANIFEST_TYPES =
      Set.of(
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.docker.distribution.manifest.v1+prettyjws",
          "application/vnd.docker.distribution.manifest.v1+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json");

  private RegistryEnvelope() {}

  /**
   * @throws MalformedNotificationException when either is not a valid Docker name
   */
  static void checkNames(String repository, String tag, String where) {
    if (!ImageReference.REPOSITORY.matcher(repository).matches()) {
      throw new MalformedNotificationException(
          where + " repository '" + repository + "' is not a Docker repository name");
    }
    if (!ImageReference.TAG.matcher(tag).matches()) {
      throw new MalformedNotificationException(where + " tag '" + tag + "' is not a Docker tag");
    }
  }

  /** Docker Registry v2 / distribution v3: {@code {"events": [...]}}. */
  public static ParsedNotification registry(byte[] body) {
    JsonNode root = json(body);
    JsonNode events = root.get("events");
    if (events == null || !events.isArray()) {
      throw new MalformedNotificationException("expected {\"events\": [...]}");
    }
    List<ImagePush> pushes = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      String where = "events[" + i + "]";
      if (!e.isObject()) {
        throw new MalformedNotificationException(where + ": expected an object");
      }
      String id = text(e, "id");
      if (id.isEmpty()) {
        throw new MalformedNotificationException(where + ".id: missing");
      }
      JsonNode target = e.get("target");
      if (target == null || !target.isObject()) {
        throw new MalformedNotificationException(where + ".target: missing");
      }
      String action = text(e, "action");
      String mediaType = text(target, "mediaType");
      String tag = text(target, "tag");
      if (!action.equals("push")) {
        ignored.add(id + ": action " + (action.isEmpty() ? "missing" : action));
      } else if (!MANIFEST_TYPES.contains(mediaType)) {
        ignored.add(
            id + ": not a manifest (" + (mediaType.isEmpty() ? "no media type" : mediaType) + ")");
      } else if (tag.isEmpty()) {
        ignored.add(id + ": untagged manifest");
      } else {
        String repository = text(target, "repository");
        if (repository.isEmpty()) {
          throw new MalformedNotificationException(where + ".target.repository: missing");
        }
        checkNames(repository, tag, where + ".target:");
        JsonNode request = e.get("request");
        String host = request == null ? "" : text(request, "host");
        pushes.add(
            new ImagePush(
                id,
                "registry",
                host,
                repository,
                tag,
                text(target, "digest"),
                timestamp(text(e, "timestamp"), where + ".timestamp")));
      }
    }
    return new ParsedNotification(pushes, ignored);
  }

  /** Docker Hub: {@code {push_data: {pushed_at, tag}, repository: {repo_name}}}; push only. */
  public static ParsedNotification dockerHub(byte[] body) {
    JsonNode root = json(body);
    JsonNode pushData = root.get("push_data");
    JsonNode repo = root.get("repository");
    if (pushData == null || !pushData.isObject() || repo == null || !repo.isObject()) {
      throw new MalformedNotificationException(
          "expected {\"push_data\": {...}, \"repository\": {...}}");
    }
    String repository = text(repo, "repo_name");
    String tag = text(pushData, "tag");
    JsonNode pushedAt = pushData.get("pushed_at");
    if (repository.isEmpty() || tag.isEmpty() || pushedAt == null || !pushedAt.canConvertToLong()) {
      throw new MalformedNotificationException(
          "push_data.tag, push_data.pushed_at (epoch seconds) and repository.repo_name are required");
    }
    checkNames(repository, tag, "dockerhub:");
    Instant at = Instant.ofEpochSecond(pushedAt.asLong());
    String id = "dockerhub:" + repository + ":" + tag + ":" + at.getEpochSecond();
    return new ParsedNotification(
        List.of(new ImagePush(id, "dockerhub", "", repository, tag, "", at)), List.of());
  }

  /** Harbor: {@code {type, occur_at, event_data: {resources: [...], repository}}}. */
  public static ParsedNotification harbor(byte[] body) {
    JsonNode root = json(body);
    String type = text(root, "type");
    JsonNode data = root.get("event_data");
    if (type.isEmpty() || data == null || !data.isObject()) {
      throw new MalformedNotificationException("expected {\"type\": ..., \"event_data\": {...}}");
    }
    if (!type.equals("PUSH_ARTIFACT")) {
      return new ParsedNotification(List.of(), List.of("harbor " + type + ": not a push"));
    }
    JsonNode occurAt = root.get("occur_at");
    JsonNode repo = data.get("repository");
    JsonNode resources = data.get("resources");
    String repository = repo == null ? "" : text(repo, "repo_full_name");
    if (occurAt == null
        || !occurAt.canConvertToLong()
        || repository.isEmpty()
        || resources == null
        || !resources.isArray()) {
      throw new MalformedNotificationException(
          "occur_at, event_data.repository.repo_full_name and event_data.resources are required");
    }
    Instant at = Instant.ofEpochSecond(occurAt.asLong());
    List<ImagePush> pushes = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (JsonNode r : resources) {
      String tag = text(r, "tag");
      String digest = text(r, "digest");
      if (tag.isEmpty()) {
        ignored.add("harbor " + digest + ": untagged");
        continue;
      }
      checkNames(repository, tag, "harbor:");
      String url = text(r, "resource_url");
      int slash = url.indexOf('/');
      String host =
          slash > 0 && url.substring(slash + 1).startsWith(repository)
              ? url.substring(0, slash)
              : "";
      String id = "harbor:" + repository + ":" + tag + ":" + digest + ":" + at.getEpochSecond();
      pushes.add(new ImagePush(id, "harbor", host, repository, tag, digest, at));
    }
    return new ParsedNotification(pushes, ignored);
  }

  /**
   * Quay's {@code repo_push}: {@code {repository: "ns/name", docker_url: "<host>/ns/name",
   * updated_tags: [...]}}, one push per tag (a v2 push sends one). It carries no digest, no time
   * and no id: the push is dated {@code receivedAt}, and each gets an id of its own, so a re-push
   * of a tag is not taken for a duplicate (a redelivery is: the app already runs that image).
   */
  public static ParsedNotification quay(byte[] body, Instant receivedAt) {
    JsonNode root = json(body);
    String repository = text(root, "repository");
    JsonNode tags = root.get("updated_tags");
    if (repository.isEmpty() || tags == null || !tags.isArray()) {
      throw new MalformedNotificationException(
          "expected {\"repository\": \"ns/name\", \"updated_tags\": [...]} (Quay repo_push)");
    }
    String url = text(root, "docker_url");
    String host =
        url.endsWith("/" + repository)
            ? url.substring(0, url.length() - repository.length() - 1)
            : "";
    List<ImagePush> pushes = new ArrayList<>();
    for (JsonNode t : tags) {
      String tag = t.isTextual() ? t.asText() : "";
      checkNames(repository, tag, "quay:");
      pushes.add(
          new ImagePush(
              "quay:" + repository + ":" + tag + ":" + java.util.UUID.randomUUID(),
              "quay",
              host,
              repository,
              tag,
              "",
              receivedAt));
    }
    return new ParsedNotification(pushes, List.of());
  }

  private static JsonNode json(byte[] body) {
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null || !n.isObject()) {
        throw new MalformedNotificationException("expected a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new MalformedNotificationException("not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new MalformedNotificationException("unreadable body: " + e.getMessage());
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? "" : v.asText();
  }

  private static Instant timestamp(String s, String where) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new MalformedNotificationException(
          where + ": expected an RFC 3339 timestamp, got '" + s + "'");
    }
  }
}
