package dev.pacer.testkit.servers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * Pushes a one-layer OCI image over the registry HTTP API, as a {@code docker push} does: blobs
 * (layer, then config) via upload sessions, then the tagged manifest. Needs no Docker engine.
 */
final class ImagePusher {
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private final String registryUrl;
  private final HttpClient http = HttpClient.newHttpClient();

  ImagePusher(String registryUrl) {
    this.registryUrl = registryUrl;
  }

  /** The blobs and manifest of the one-layer image {@code repository:tag}, byte for byte. */
  record Image(byte[] layer, byte[] config, byte[] manifest) {
    String digest() {
      return ImagePusher.digest(manifest);
    }
  }

  static Image image(String repository, String tag, java.time.Instant created) {
    return image(repository, tag, created, "hello from " + repository + ":" + tag + "\n");
  }

  static Image image(String repository, String tag, java.time.Instant created, String content) {
    byte[] layerTar = tar("hello.txt", content.getBytes(StandardCharsets.UTF_8));
    byte[] layer;
    try {
      layer = gzip(layerTar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\""
                + created
                + "\",\"config\":{\"Cmd\":[\"/hello\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + digest(layerTar)
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + digest(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + digest(layer)
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    return new Image(layer, config, manifest);
  }

  String push(String repository, String tag, java.time.Instant created) {
    return push(repository, tag, image(repository, tag, created));
  }

  String push(String repository, String tag, Image image) {
    try {
      uploadBlob(repository, image.layer());
      uploadBlob(repository, image.config());
      byte[] manifest = image.manifest();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(registryUrl + "/v2/" + repository + "/manifests/" + tag))
                  .header("Content-Type", OCI_MANIFEST)
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) {
        throw new IllegalStateException(
            "manifest PUT answered " + r.statusCode() + ": " + r.body());
      }
      return r.headers().firstValue("Docker-Content-Digest").orElse(digest(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException("push of " + repository + ":" + tag + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("push interrupted", e);
    }
  }

  private void uploadBlob(String repository, byte[] blob) throws IOException, InterruptedException {
    String d = digest(blob);
    HttpResponse<Void> head =
        http.send(
            HttpRequest.newBuilder(URI.create(registryUrl + "/v2/" + repository + "/blobs/" + d))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (head.statusCode() == 200) {
      return;
    }
    HttpResponse<Void> start =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(registryUrl + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    String location =
        start
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "upload start answered " + start.statusCode() + " without Location"));
    URI loc = URI.create(registryUrl).resolve(location);
    String sep = loc.getQuery() == null ? "?" : "&";
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(loc + sep + "digest=" + d))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() != 201) {
      throw new IllegalStateException("blob PUT answered " + put.statusCode() + ": " + put.body());
    }
  }

  static String digest(byte[] b) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  /** A ustar archive of one regular file. */
  private static byte[] tar(String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, String.format("%011o", 1704067200L));
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[155] = ' ';
    int padded = (content.length + 511) / 512 * 512;
    byte[] out = new byte[512 + padded + 1024];
    System.arraycopy(header, 0, out, 0, 512);
    System.arraycopy(content, 0, out, 512, content.length);
    return out;
  }

  private static void put(byte[] header, int offset, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, offset, b.length);
  }
}
