package dev.pacer.testkit.servers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Real Graphite: carbon-cache 1.1 (plaintext receiver) and graphite-web 1.1 (render API) on free
 * loopback ports, everything under one temp dir, 10 s resolution. {@link #send} writes plaintext
 * lines; a new metric is readable after about a second.
 */
public final class Graphite implements AutoCloseable {
  private final ExternalProcess carbon;
  private final ExternalProcess web;
  private final int linePort;
  private final int webPort;
  private final Path dir;

  private Graphite(
      ExternalProcess carbon, ExternalProcess web, int linePort, int webPort, Path dir) {
    this.carbon = carbon;
    this.web = web;
    this.linePort = linePort;
    this.webPort = webPort;
    this.dir = dir;
  }

  private static Graphite shared;

  /**
   * One Graphite for this JVM, started at the first call and stopped at exit: for test classes
   * whose metric paths are their own (a random prefix), so they never see each other's points.
   */
  public static synchronized Graphite shared() {
    if (shared == null) {
      shared = start();
      Graphite g = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(g::close));
    }
    return shared;
  }

  /** 10 s points for 6 h, then 1 min points for 7 days: days of history fit. */
  public static final String DEFAULT_RETENTIONS = "10s:6h,1m:7d";

  public static Graphite start() {
    return start(DEFAULT_RETENTIONS);
  }

  /**
   * With the storage schema's {@code retentions} for every metric (carbon's syntax, e.g. {@code
   * "1m:8d"}): a benchmark that fills more history than the default holds gives its own.
   */
  public static Graphite start(String retentions) {
    Path carbonExe = RequiredPackage.require("graphite-carbon", "carbon-cache");
    Path manage = RequiredPackage.require("graphite-web", "graphite-manage");
    try {
      Path dir = Files.createTempDirectory("pacer-graphite");
      for (String d :
          List.of(
              "conf",
              "storage/whisper",
              "storage/log/carbon",
              "storage/log/webapp",
              "run",
              "web")) {
        Files.createDirectories(dir.resolve(d));
      }
      int linePort = Ports.free();
      int picklePort = Ports.free();
      int queryPort = Ports.free();
      int webPort = Ports.free();
      String s = dir.toString();
      Files.writeString(
          dir.resolve("conf/carbon.conf"),
          String.join(
              "\n",
              "[cache]",
              "STORAGE_DIR = " + s + "/storage/",
              "LOCAL_DATA_DIR = " + s + "/storage/whisper/",
              "CONF_DIR = " + s + "/conf/",
              "LOG_DIR = " + s + "/storage/log/carbon/",
              "PID_DIR = " + s + "/run/",
              "ENABLE_LOGROTATION = False",
              "USER =",
              "MAX_CACHE_SIZE = inf",
              "MAX_UPDATES_PER_SECOND = 500",
              "MAX_CREATES_PER_MINUTE = inf",
              "MIN_TIMESTAMP_RESOLUTION = 1",
              "LINE_RECEIVER_INTERFACE = 127.0.0.1",
              "LINE_RECEIVER_PORT = " + linePort,
              "ENABLE_UDP_LISTENER = False",
              "PICKLE_RECEIVER_INTERFACE = 127.0.0.1",
              "PICKLE_RECEIVER_PORT = " + picklePort,
              "CACHE_QUERY_INTERFACE = 127.0.0.1",
              "CACHE_QUERY_PORT = " + queryPort,
              "USE_FLOW_CONTROL = True",
              "LOG_UPDATES = False",
              "LOG_CREATES = True",
              "LOG_LISTENER_CONN_SUCCESS = False",
              "CACHE_WRITE_STRATEGY = sorted",
              "WHISPER_AUTOFLUSH = False",
              "WHISPER_FALLOCATE_CREATE = True",
              "CARBON_METRIC_INTERVAL = 0",
              ""));
      Files.writeString(
          dir.resolve("conf/storage-schemas.conf"),
          "[carbon]\npattern = ^carbon\\.\nretentions = 60:90d\n\n[default]\npattern = .*\nretentions = "
              + retentions
              + "\n");
      Files.writeString(
          dir.resolve("conf/storage-aggregation.conf"),
          "[default_average]\npattern = .*\nxFilesFactor = 0\naggregationMethod = average\n");
      Files.writeString(
          dir.resolve("web/test_local_settings.py"),
          String.join(
              "\n",
              "SECRET_KEY = 'integration-test-only'",
              "ALLOWED_HOSTS = ['*']",
              "TIME_ZONE = 'UTC'",
              "LOG_ROTATION = False",
              "DEFAULT_XFILES_FACTOR = 0",
              "GRAPHITE_ROOT = '/usr/share/graphite-web'",
              "STATIC_ROOT = '/usr/share/graphite-web/static'",
              "CONF_DIR = '" + s + "/conf'",
              "STORAGE_DIR = '" + s + "/storage'",
              "WHISPER_DIR = '" + s + "/storage/whisper'",
              "STANDARD_DIRS = ['" + s + "/storage/whisper']",
              "LOG_DIR = '" + s + "/storage/log/webapp'",
              "INDEX_FILE = '" + s + "/storage/index'",
              "CARBONLINK_HOSTS = ['127.0.0.1:" + queryPort + ":a']",
              "CARBONLINK_TIMEOUT = 1.0",
              "DATABASES = {'default': {'NAME': '"
                  + s
                  + "/storage/graphite.db', 'ENGINE': 'django.db.backends.sqlite3',"
                  + " 'USER': '', 'PASSWORD': '', 'HOST': '', 'PORT': ''}}",
              "FUNCTION_PLUGINS = []",
              ""));
      ExternalProcess carbon =
          ExternalProcess.start(
              "carbon-cache",
              List.of(
                  carbonExe.toString(),
                  "--config=" + s + "/conf/carbon.conf",
                  "--pidfile=" + s + "/run/carbon.pid",
                  "--nodaemon",
                  "start"),
              dir,
              Map.of(),
              () -> Ports.listening(linePort),
              Duration.ofSeconds(30));
      ExternalProcess web;
      try {
        web =
            ExternalProcess.start(
                "graphite-web",
                List.of(manage.toString(), "runserver", "--noreload", "127.0.0.1:" + webPort),
                dir,
                Map.of("GRAPHITE_SETTINGS_MODULE", "test_local_settings", "PYTHONPATH", s + "/web"),
                () ->
                    DockerRegistry.status(
                            "http://127.0.0.1:" + webPort + "/render?target=none&format=json")
                        == 200,
                Duration.ofSeconds(40));
      } catch (RuntimeException e) {
        carbon.close();
        throw e;
      }
      return new Graphite(carbon, web, linePort, webPort, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Graphite", e);
    }
  }

  /** The graphite-web base URL, for {@code /render}. */
  public String url() {
    return "http://127.0.0.1:" + webPort;
  }

  public int linePort() {
    return linePort;
  }

  /** Writes {@code path value epochSeconds} lines to carbon's plaintext receiver. */
  public void send(String path, double value, long epochSeconds) {
    sendLines(path + " " + value + " " + epochSeconds + "\n");
  }

  public void sendLines(String lines) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), linePort);
        OutputStream out = s.getOutputStream()) {
      out.write(lines.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to carbon on " + linePort, e);
    }
  }

  /**
   * Waits until graphite-web serves {@code value} among the last hour's points of {@code path}:
   * carbon creates and flushes whisper files at its own pace, so a point just written is not yet
   * readable.
   *
   * @throws IllegalStateException when it is not served within {@code timeout}
   */
  public void awaitServed(String path, double value, Duration timeout) {
    java.net.URI render =
        java.net.URI.create(url() + "/render?format=json&noCache=true&from=-1h&target=" + path);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    try {
      Poll.until(
          () ->
              http.send(
                      java.net.http.HttpRequest.newBuilder(render).build(),
                      java.net.http.HttpResponse.BodyHandlers.ofString())
                  .body()
                  .contains("[" + value + ", "),
          timeout,
          Duration.ofMillis(100));
    } catch (Poll.TimedOut e) {
      throw new IllegalStateException(
          "graphite-web did not serve "
              + value
              + " for "
              + path
              + " within "
              + timeout
              + e.getMessage());
    }
  }

  @Override
  public void close() {
    // side by side: each may take its time to stop (carbon writes its cache out), and a stop of
    // the demo waits for both
    Thread webStop = new Thread(web::close, "graphite-web-stop");
    webStop.start();
    carbon.close();
    try {
      webStop.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    TempDirs.delete(dir);
  }
}
