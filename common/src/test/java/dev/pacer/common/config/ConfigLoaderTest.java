package dev.pacer.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path conf(String text) throws IOException {
    Path f = dir.resolve("pacer.conf");
    Files.writeString(f, text);
    return f;
  }

  private static PacerConfig read(Config c) {
    ConfigReader r = new ConfigReader(c);
    PacerConfig pc = PacerConfig.read(r);
    r.throwIfInvalid();
    return pc;
  }

  @Test
  void defaultsAreValid() {
    PacerConfig c = read(ConfigLoader.load(Optional.empty(), Map.of()));
    assertThat(c.events().backend()).isEqualTo(PacerConfig.Backend.LOCAL);
    assertThat(c.marathon().urls()).hasSize(1);
    assertThat(c.http().port()).isEqualTo(8090);
  }

  @Test
  void aNumberWhereUrlsListBelongsNamesTheKeyAndTheExpectedType() throws IOException {
    Config c = ConfigLoader.load(Optional.of(conf("pacer.marathon.urls = 42")), Map.of());
    assertThatThrownBy(() -> read(c))
        .isInstanceOf(ConfigInvalidException.class)
        .hasMessageContaining("pacer.marathon.urls")
        .hasMessageContaining("expected a list")
        .hasMessageContaining("number 42");
  }

  @Test
  void aMisspelledKeyFailsAtLoadWithTheNearestKnownKey() throws IOException {
    Path f = conf("pacer.marathon.url = [\"http://m:8080\"]");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigInvalidException.class)
        .hasMessageContaining("pacer.marathon.url: unknown key")
        .hasMessageContaining("did you mean pacer.marathon.urls?");
  }

  @Test
  void theFormerMesosKeysStillWorkWithAWarningAndTheSharedOnesWin() throws IOException {
    ch.qos.logback.classic.Logger log =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> warnings =
        new ch.qos.logback.core.read.ListAppender<>();
    warnings.start();
    log.addAppender(warnings);
    try {
      PacerConfig former =
          read(
              ConfigLoader.load(
                  Optional.of(
                      conf(
                          "pacer.agent-scaler.mesos { urls = [\"http://old:5050\"], timeout = 3s"
                              + " }")),
                  Map.of()));
      assertThat(former.mesos().urls()).containsExactly(java.net.URI.create("http://old:5050"));
      assertThat(former.mesos().timeout()).isEqualTo(java.time.Duration.ofSeconds(3));
      assertThat(warnings.list)
          .extracting(e -> e.getFormattedMessage())
          .contains(
              "pacer.agent-scaler.mesos.urls is deprecated: read as pacer.mesos.urls; rename it");

      warnings.list.clear();
      PacerConfig both =
          read(
              ConfigLoader.load(
                  Optional.of(
                      conf(
                          "pacer.agent-scaler.mesos.urls = [\"http://old:5050\"]\n"
                              + "pacer.mesos.urls = [\"http://new:5050\"]")),
                  Map.of()));
      assertThat(both.mesos().urls()).containsExactly(java.net.URI.create("http://new:5050"));
      assertThat(warnings.list)
          .extracting(e -> e.getFormattedMessage())
          .containsExactly(
              "pacer.agent-scaler.mesos.urls is deprecated and ignored: pacer.mesos.urls is set,"
                  + " and wins");

      warnings.list.clear();
      PacerConfig neither = read(ConfigLoader.load(Optional.empty(), Map.of()));
      assertThat(neither.mesos().urls())
          .containsExactly(java.net.URI.create("http://127.0.0.1:5050"));
      assertThat(warnings.list).isEmpty();
    } finally {
      log.detachAppender(warnings);
    }
  }

  @Test
  void haIsOffByDefaultAndItsIdDefaultsToHostAndPid() {
    PacerConfig c = read(ConfigLoader.load(Optional.empty(), Map.of()));
    assertThat(c.ha().enabled()).isFalse();
    assertThat(c.ha().id()).endsWith("-" + ProcessHandle.current().pid());
    assertThat(c.graphite().enabled()).isFalse();
    PacerConfig on =
        read(
            ConfigLoader.load(
                Optional.empty(),
                Map.of("pacer.ha.zookeeper", "zk1:2181,zk2:2181/mesos", "pacer.ha.id", "pacer-a")));
    assertThat(on.ha().enabled()).isTrue();
    assertThat(on.ha().id()).isEqualTo("pacer-a");
  }

  @Test
  void aRelativeHaPathAndABadGraphitePrefixAreNamed() {
    Config c =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(
                "pacer.ha.path", "pacer",
                "pacer.metrics.graphite.prefix", "prod pacer",
                "pacer.metrics.graphite.enabled", "true",
                "pacer.metrics.graphite.host", ""));
    assertThatThrownBy(() -> read(c))
        .hasMessageContaining("pacer.ha.path: expected an absolute znode path like /pacer")
        .hasMessageContaining("pacer.metrics.graphite.prefix: expected dot-separated words")
        .hasMessageContaining(
            "pacer.metrics.graphite.host: required when pacer.metrics.graphite.enabled = true");
  }

  @Test
  void kafkaBackendWithoutBootstrapServersNamesTheMissingKey() {
    Config c = ConfigLoader.load(Optional.empty(), Map.of("pacer.events.backend", "kafka"));
    assertThatThrownBy(() -> read(c))
        .hasMessageContaining("pacer.kafka.bootstrap-servers")
        .hasMessageContaining("required when pacer.events.backend = kafka");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Config c =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(
                "pacer.http.port",
                "70000",
                "pacer.events.backend",
                "rabbit",
                "pacer.marathon.connect-timeout",
                "soon"));
    assertThatThrownBy(() -> read(c))
        .isInstanceOfSatisfying(
            ConfigInvalidException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::path)
                    .containsExactlyInAnyOrder(
                        "pacer.http.port",
                        "pacer.events.backend",
                        "pacer.marathon.connect-timeout"))
        .hasMessageContaining("expected a whole number from 0 to 65535, got 70000")
        .hasMessageContaining("expected one of local | kafka, got 'rabbit'");
  }

  @Test
  void overridesAreHoconSoListsAndNumbersWork() {
    PacerConfig c =
        read(
            ConfigLoader.load(
                Optional.empty(),
                Map.of(
                    "pacer.marathon.urls",
                        "[\"http://a:8080\", \"https://b:8443/service/marathon/\"]",
                    "pacer.http.port", "9001")));
    assertThat(c.marathon().urls())
        .extracting(Object::toString)
        .containsExactly("http://a:8080", "https://b:8443/service/marathon");
    assertThat(c.http().port()).isEqualTo(9001);
  }

  @Test
  void overridesWinOverTheFileWhichWinsOverTheReference() throws IOException {
    Path f = conf("pacer.http.port = 9100\npacer.admin.token = from-file");
    PacerConfig c = read(ConfigLoader.load(Optional.of(f), Map.of("pacer.http.port", "9200")));
    assertThat(c.http().port()).isEqualTo(9200);
    assertThat(c.adminToken().reveal()).isEqualTo("from-file");
  }

  @Test
  void substitutionsFallBackToTheEnvironmentAndForcedEnvOverridesApply() throws IOException {
    Path f = conf("pacer.admin.token = ${?PACER_TEST_TOKEN}");
    Config c =
        ConfigLoader.load(
            Optional.of(f),
            Map.of(),
            ConfigFactory.empty(),
            ConfigFactory.defaultReference(),
            Map.of(
                "CONFIG_FORCE_pacer_http_port",
                "9300",
                "CONFIG_FORCE_pacer_kafka_client__id",
                "from-env"));
    PacerConfig pc = read(c);
    assertThat(pc.http().port()).isEqualTo(9300);
    assertThat(pc.kafka().clientId()).isEqualTo("from-env");
    // PACER_TEST_TOKEN is unset, so the optional substitution leaves the reference's empty token.
    assertThat(pc.adminToken().isPresent()).isFalse();
  }

  @Test
  void jvmSystemPropertiesOverrideTheFileAndPacerOverridesWinOverThem() throws IOException {
    Path f = conf("pacer.http.port = 9100");
    System.setProperty("pacer.http.port", "9400");
    System.setProperty("pacer.admin.token", "from-jvm");
    ConfigFactory.invalidateCaches();
    try {
      PacerConfig c =
          read(ConfigLoader.load(Optional.of(f), Map.of("pacer.admin.token", "from-cli")));
      assertThat(c.http().port()).isEqualTo(9400);
      assertThat(c.adminToken().reveal()).isEqualTo("from-cli");
    } finally {
      System.clearProperty("pacer.http.port");
      System.clearProperty("pacer.admin.token");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void freeFormKafkaPropertiesAreAccepted() {
    PacerConfig c =
        read(
            ConfigLoader.load(
                Optional.empty(), Map.of("pacer.kafka.properties.\"security.protocol\"", "SSL")));
    assertThat(c.kafka().properties()).containsEntry("security.protocol", "SSL");
  }

  @Test
  void aMissingConfigFileIsAConfigError() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("nope.conf")), Map.of()))
        .isInstanceOf(ConfigInvalidException.class)
        .hasMessageContaining("config file not found");
  }

  @Test
  void secretsNeverShowInToStringOfTheConfig() {
    PacerConfig c =
        read(
            ConfigLoader.load(
                Optional.empty(),
                Map.of(
                    "pacer.marathon.username",
                    "ops",
                    "pacer.marathon.password",
                    "hunter2",
                    "pacer.admin.token",
                    "tok-123")));
    assertThat(c.marathon().toString()).doesNotContain("hunter2");
    assertThat(c.toString().replace(c.raw().toString(), "")).doesNotContain("tok-123");
    assertThat(c.adminToken().matches("tok-123")).isTrue();
    assertThat(c.adminToken().matches("tok-12")).isFalse();
  }

  @Test
  void aUsernameWithoutPasswordIsRejected() {
    Config c = ConfigLoader.load(Optional.empty(), Map.of("pacer.marathon.username", "ops"));
    assertThatThrownBy(() -> read(c))
        .hasMessageContaining("pacer.marathon.password: required when");
  }

  @Test
  void keysOutsidePacerInAFileAreReportedNotIgnored() throws IOException {
    Path f =
        conf(
            "marathon.urls = [\"http://m:8080\"]\n"
                + "pacer.http.port = 9000\n"
                + "team = platform\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigInvalidException.class)
        .hasMessageContaining(
            "marathon.urls: outside pacer { }, where Pacer reads nothing; did you mean"
                + " pacer.marathon.urls? ("
                + f
                + ": 1)")
        .hasMessageContaining("team: outside pacer { }, where Pacer reads nothing (" + f + ": 3)");
  }

  @Test
  void aDashDOverrideIsNamedAsItWasGiven() {
    Config c = ConfigLoader.load(Optional.empty(), Map.of("pacer.http.port", "70000"));
    assertThatThrownBy(() -> read(c))
        .isInstanceOf(ConfigInvalidException.class)
        .hasMessageContaining("pacer.http.port")
        .hasMessageContaining("(-D pacer.http.port)");
    Config text = ConfigLoader.load(Optional.empty(), Map.of("pacer.http.port", "eighty"));
    assertThatThrownBy(() -> read(text)).hasMessageContaining("(-D pacer.http.port)");
  }

  @Test
  void aStateDirThatCannotBeWrittenIsSaidWhy() throws IOException {
    assertThat(dev.pacer.common.runtime.StateDir.problem(dir)).isNull();
    assertThat(dev.pacer.common.runtime.StateDir.problem(dir.resolve("new/sub")))
        .as("made at start")
        .isNull();
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertThat(dev.pacer.common.runtime.StateDir.problem(file))
        .isEqualTo("'" + file + "' is not a directory");
    assertThat(dev.pacer.common.runtime.StateDir.problem(file.resolve("under-a-file")))
        .startsWith("'" + file.resolve("under-a-file") + "' does not exist and cannot be made");
  }
}
