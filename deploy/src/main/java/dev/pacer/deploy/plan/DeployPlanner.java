package dev.pacer.deploy.plan;

import dev.pacer.autodeployer.ingest.ImageReference;
import dev.pacer.autodeployer.policy.AutodeployPolicy;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import dev.pacer.deploy.config.AppConfig;
import dev.pacer.slacknotifier.format.ConfigDiff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides the body of a deploy from the rendered config and the app Marathon runs now.
 *
 * <ul>
 *   <li><b>Instances.</b> An autoscaled app keeps its running count, clamped into the config's
 *       {@code [minInstances, maxInstances]}: the autoscaler set it, the file's {@code instances}
 *       does not undo it (the seed). A suspended app (0) stays suspended. A new autoscaled app
 *       starts at the file's {@code instances} clamped into the bounds ({@code minInstances} when
 *       the file has none).
 *   <li><b>Image.</b> {@code --image} wins. Otherwise, when the app has an {@code autodeploy}
 *       pattern that matches both the file's image and the running image, the image is the
 *       autodeployer's: the running one is kept, so a config change never rolls back a pushed
 *       build. A file image the pattern does not match is a deliberate pin and is deployed.
 *   <li><b>Labels.</b> {@code pacer.deployed-by} (the user) and {@code pacer.deploy-source} (the
 *       file, and the config repository's commit) are set; the running app's other {@code pacer.*}
 *       labels, which the daemons keep, are carried over ({@code pacer.image-digest} only while the
 *       image stays).
 * </ul>
 *
 * Marathon replaces each top-level field sent and keeps those not sent, so the diff is of the
 * fields the body has.
 */
public final class DeployPlanner {
  public static final String DEPLOYED_BY = "pacer.deployed-by";
  public static final String DEPLOY_SOURCE = "pacer.deploy-source";
  static final String IMAGE_DIGEST = "pacer.image-digest";

  private DeployPlanner() {}

  /**
   * @param running the app as {@code GET /v2/apps/{id}} shows it, empty when there is none
   * @param image {@code --image}, when given
   */
  public static DeployPlan plan(
      AppConfig config,
      Optional<Map<String, Object>> running,
      Optional<String> image,
      String user,
      String source) {
    Map<String, Object> body = deepCopy(config.definition());
    List<String> notes = new ArrayList<>();
    config.autoscale().ifPresent(p -> instances(body, p, running, notes));
    image(body, config, running, image, notes);
    labels(body, running, user, source);
    List<ConfigDiff.Change> changes =
        running.map(r -> ConfigDiff.between(sameFields(r, body), body)).orElse(List.of());
    return new DeployPlan(config.appId(), body, running.isEmpty(), notes, changes);
  }

  private static void instances(
      Map<String, Object> body,
      AutoscalePolicy p,
      Optional<Map<String, Object>> running,
      List<String> notes) {
    Integer inFile = body.get("instances") instanceof Number n ? n.intValue() : null;
    String bounds = "[" + p.minInstances() + ", " + p.maxInstances() + "]";
    if (running.isPresent()) {
      int now = running.get().get("instances") instanceof Number n ? n.intValue() : 0;
      if (now == 0) {
        body.put("instances", 0);
        notes.add("instances: 0, kept: the app is suspended (the autoscaler leaves it alone)");
        return;
      }
      int kept = p.clamp(now);
      body.put("instances", kept);
      notes.add(
          kept == now
              ? "instances: "
                  + now
                  + ", kept: the app is autoscaled"
                  + (inFile == null ? "" : " (the file's " + inFile + " is its start only)")
              : "instances: "
                  + kept
                  + ": the running "
                  + now
                  + " clamped into the new bounds "
                  + bounds);
      return;
    }
    int start = p.clamp(inFile == null ? p.minInstances() : inFile);
    body.put("instances", start);
    if (inFile == null || start != inFile) {
      notes.add("instances: " + start + ": a new autoscaled app starts within " + bounds);
    }
  }

  @SuppressWarnings("unchecked")
  private static void image(
      Map<String, Object> body,
      AppConfig config,
      Optional<Map<String, Object>> running,
      Optional<String> flag,
      List<String> notes) {
    Optional<String> inFile = config.image();
    if (flag.isPresent()) {
      docker(body).put("image", flag.get());
      notes.add(
          "image: "
              + flag.get()
              + " (--image"
              + inFile.map(f -> "; the file says " + f).orElse("")
              + ")");
      return;
    }
    Optional<AutodeployPolicy> autodeploy = config.autodeploy();
    Optional<String> runningImage = running.map(DeployPlanner::imageOf).filter(s -> !s.isEmpty());
    if (inFile.isEmpty() || autodeploy.isEmpty() || runningImage.isEmpty()) {
      return;
    }
    if (matches(autodeploy.get(), inFile.get()) && matches(autodeploy.get(), runningImage.get())) {
      docker(body).put("image", runningImage.get());
      if (!runningImage.get().equals(inFile.get())) {
        notes.add(
            "image: "
                + runningImage.get()
                + ", kept: the autodeployer's (autodeploy "
                + autodeploy.get().pattern().text()
                + " matches it and the file's "
                + inFile.get()
                + "; --image REF deploys another)");
      }
    }
  }

  static boolean matches(AutodeployPolicy policy, String image) {
    try {
      ImageReference ref = ImageReference.parse(image);
      return policy.pattern().matches(ref.host(), ref.repository(), ref.tag());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static void labels(
      Map<String, Object> body, Optional<Map<String, Object>> running, String user, String source) {
    Map<String, Object> labels =
        body.get("labels") instanceof Map<?, ?> m
            ? new TreeMap<>((Map<String, Object>) m)
            : new TreeMap<>();
    boolean sameImage = running.isPresent() && imageOf(running.get()).equals(imageOf(body));
    running
        .map(r -> r.get("labels"))
        .filter(Map.class::isInstance)
        .map(l -> (Map<String, Object>) l)
        .ifPresent(
            l ->
                l.forEach(
                    (k, v) -> {
                      if (k.startsWith("pacer.")
                          && (sameImage || !k.equals(IMAGE_DIGEST))
                          && !labels.containsKey(k)) {
                        labels.put(k, v);
                      }
                    }));
    labels.put(DEPLOYED_BY, user);
    labels.put(DEPLOY_SOURCE, source);
    body.put("labels", labels);
  }

  @SuppressWarnings("unchecked")
  private static String imageOf(Map<String, Object> app) {
    Object c = app.get("container");
    Object d = c instanceof Map<?, ?> cm ? cm.get("docker") : null;
    Object i = d instanceof Map<?, ?> dm ? dm.get("image") : null;
    return i instanceof String s ? s : "";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> docker(Map<String, Object> body) {
    Map<String, Object> container =
        (Map<String, Object>) body.computeIfAbsent("container", k -> new TreeMap<>());
    container.putIfAbsent("type", "DOCKER");
    return (Map<String, Object>) container.computeIfAbsent("docker", k -> new TreeMap<>());
  }

  private static Map<String, Object> sameFields(
      Map<String, Object> running, Map<String, Object> body) {
    Map<String, Object> out = new LinkedHashMap<>();
    body.keySet()
        .forEach(
            k -> {
              if (running.containsKey(k)) {
                out.put(k, running.get(k));
              }
            });
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, copy(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object copy(Object v) {
    if (v instanceof Map<?, ?> m) {
      return deepCopy((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(copy(x)));
      return out;
    }
    return v;
  }
}
