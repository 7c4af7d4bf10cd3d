package dev.pacer.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Docker registry 2.8 ({@code docker-registry serve}) on a free loopback port and a temp
 * storage dir, optionally notifying an endpoint, as in {@code shared/real-servers/registry}. {@link
 * #push} uploads a one-layer image through the registry's HTTP API.
 */
public final class DockerRegistry implements AutoCloseable {
  private final ExternalProcess process;
  private final int port;
  private final Path dir;
  private final java.util.Map<String, java.time.Instant> created =
      new java.util.concurrent.ConcurrentHashMap<>();

  private DockerRegistry(ExternalProcess process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** A registry that sends no notifications. */
  public static DockerRegistry start() {
    return start(null, Map.of(), false);
  }

  /**
   * @param notifyUrl where to POST notifications, or null for none
   * @param headers extra headers on each notification, such as {@code Authorization: Bearer x}
   * @param ignoreBlobsAndPulls drop blob ({@code application/octet-stream}) and pull events
   */
  public static DockerRegistry start(
      String notifyUrl, Map<String, String> headers, boolean ignoreBlobsAndPulls) {
    Path exe = RequiredPackage.require("docker-registry", "docker-registry");
    try {
      Path dir = Files.createTempDirectory("pacer-registry");
      int port = Ports.free();
      StringBuilder yml =
          new StringBuilder()
              .append("version: 0.1\n")
              .append("log:\n  level: info\n  formatter: text\n")
              .append("storage:\n  filesystem:\n    rootdirectory: ")
              .append(dir.resolve("data"))
              .append('\n')
              .append("  delete:\n    enabled: true\n  cache:\n    blobdescriptor: inmemory\n")
              .append("http:\n  addr: 127.0.0.1:")
              .append(port)
              .append('\n');
      if (notifyUrl != null) {
        yml.append("notifications:\n  events:\n    includereferences: true\n  endpoints:\n")
            .append("    - name: pacer\n      url: ")
            .append(notifyUrl)
            .append('\n')
            .append("      timeout: 1s\n      threshold: 3\n      backoff: 1s\n");
        if (!headers.isEmpty()) {
          yml.append("      headers:\n");
          headers.forEach(
              (k, v) -> yml.append("        ").append(k).append(": [").append(v).append("]\n"));
        }
        if (ignoreBlobsAndPulls) {
          yml.append("      ignore:\n        mediatypes:\n          - application/octet-stream\n")
              .append("        actions:\n          - pull\n");
        }
      }
      Path cfg = dir.resolve("config.yml");
      Files.writeString(cfg, yml);
      ExternalProcess p =
          ExternalProcess.start(
              "docker-registry",
              List.of(exe.toString(), "serve", cfg.toString()),
              dir,
              Map.of(),
              () -> status("http://127.0.0.1:" + port + "/v2/") == 200,
              Duration.ofSeconds(20));
      return new DockerRegistry(p, port, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Docker registry", e);
    }
  }

  /** {@code 127.0.0.1:<port>}, the registry host as it appears in image references. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public String url() {
    return "http://" + host();
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Pushes a one-layer OCI image as {@code repository:tag}; returns the manifest digest. Its config
   * carries a {@code created} time, which the autodeployer's backstop orders tags by.
   */
  public String push(String repository, String tag) {
    // The same repository:tag pushed again is the same image, byte for byte (same digest), as a
    // re-run of `docker push` is; a new tag gets the time of its first push as its created time.
    java.time.Instant at =
        created.computeIfAbsent(repository + ":" + tag, k -> java.time.Instant.now());
    return new ImagePusher(url()).push(repository, tag, at);
  }

  /**
   * Pushes an image as reproducible builds (Jib, ko, Bazel) make them: {@code created} is the epoch
   * (1970), and the image is {@code content}, so the same content is the same digest whatever the
   * tag or time, and other content under the same tag moves the tag. Returns the digest.
   */
  public String pushReproducible(String repository, String tag, String content) {
    return new ImagePusher(url())
        .push(
            repository, tag, ImagePusher.image(repository, tag, java.time.Instant.EPOCH, content));
  }

  /**
   * The digest {@link #push} of {@code repository:tag} gives, known before the push: a test can
   * deliver a notification before its image is in the registry, as a real registry's race does.
   */
  public String digestOf(String repository, String tag) {
    java.time.Instant at =
        created.computeIfAbsent(repository + ":" + tag, k -> java.time.Instant.now());
    return ImagePusher.image(repository, tag, at).digest();
  }

  static int status(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(500);
    c.setReadTimeout(2000);
    try {
      return c.getResponseCode();
    } finally {
      c.disconnect();
    }
  }

  @Override
  public void close() {
    process.close();
    TempDirs.delete(dir);
  }
}
