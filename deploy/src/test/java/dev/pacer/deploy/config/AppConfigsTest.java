package dev.pacer.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.autoscaler.policy.AutoscaleLabel;
import dev.pacer.autoscaler.policy.AutoscalePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigsTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private static AppConfigs.Result load(Path file) {
    return AppConfigs.load(file, new AppConfigs.Options(Optional.empty(), Map.of(), Map.of()));
  }

  private static final String SEED =
      """
      id = "/shop/web"
      instances = 3
      container.docker.image = "registry.example.com/shop/web:1.2.9"
      autoscale = {
        minInstances = 3
        maxInstances = 9
        cooldown = 900
        graphite = {
          target = mesos.marathon.${id}.cpu_util
          down = 0.4
          up = 0.7
        }
      }
      """;

  @Test
  void theSeedsExampleWithItsLineBreaksBecomesTheAutoscaleLabel() throws IOException {
    AppConfigs.Result r = load(write("web.conf", SEED));

    assertThat(r.problems()).isEmpty();
    AppConfig app = r.config().orElseThrow();
    assertThat(app.appId()).isEqualTo("/shop/web");
    @SuppressWarnings("unchecked")
    Map<String, Object> labels = (Map<String, Object>) app.definition().get("labels");
    String label = (String) labels.get("autoscale");
    // ${id} is the metric id, as in the label, not the app's id field
    assertThat(label).contains("\"target\":\"mesos.marathon.shop.web.cpu_util\"");
    AutoscalePolicy p = AutoscaleLabel.parse("/shop/web", label);
    assertThat(p.minInstances()).isEqualTo(3);
    assertThat(p.maxInstances()).isEqualTo(9);
    assertThat(p.scaleUpCooldown()).isEqualTo(Duration.ofSeconds(900));
    assertThat(p.target()).isEqualTo("mesos.marathon.shop.web.cpu_util");
    assertThat(p.down()).isEqualTo(0.4);
    assertThat(p.up()).isEqualTo(0.7);
    assertThat(app.definition()).doesNotContainKey("autoscale");
    assertThat(app.image()).contains("registry.example.com/shop/web:1.2.9");
  }

  @Test
  void theSeedsOneLineFormIsRefusedWithItsFileAndLineAndWhatToDo() throws IOException {
    Path f =
        write(
            "web.conf",
            "id = \"/shop/web\"\n"
                + "autoscale = { minInstances = 3 maxInstances = 9 cooldown = 900 graphite = {"
                + " target = mesos.marathon.${id}.cpu_util down = 0.4 up = 0.7 } }\n");

    AppConfigs.Result r = load(f);

    assertThat(r.config()).isEmpty();
    assertThat(r.problems()).hasSize(1);
    Problem p = r.problems().get(0);
    assertThat(p.line()).isEqualTo(2);
    assertThat(p.toString())
        .startsWith(f + ":2: not valid HOCON: keys need a comma or a new line between them")
        .doesNotContain("Exception")
        .doesNotContain("at com.typesafe");
  }

  @Test
  void anInvalidAutoscaleSectionNamesItsFileAndLine() throws IOException {
    Path f = write("web.conf", SEED.replace("maxInstances = 9", "maxInstances = 2"));

    AppConfigs.Result r = load(f);

    assertThat(r.config()).isEmpty();
    assertThat(r.problems())
        .extracting(Problem::toString)
        .containsExactly(f + ":4: autoscale: minInstances (3) is greater than maxInstances (2)");
  }

  @Test
  void includesOverlaysOverridesAndTheEnvironmentAreMergedInThatOrder() throws IOException {
    write("defaults.conf", "cpus = 0.25\nmem = 256\nenv { LOG_LEVEL = info, PORT = 8080 }\n");
    Path f =
        write(
            "web.conf",
            "include \"defaults.conf\"\n"
                + "id = /shop/web\n"
                + "instances = 2\n"
                + "env { DB = ${?DB_URL} }\n"
                + "container.docker.image = \"shop/web:1\"\n");
    write("web.staging.conf", "instances = 1\nenv.LOG_LEVEL = debug\n");

    AppConfigs.Result r =
        AppConfigs.load(
            f,
            new AppConfigs.Options(
                Optional.of("staging"),
                Map.of("mem", "512", "container.docker.image", "shop/web:2"),
                Map.of("DB_URL", "postgres://db")));

    assertThat(r.problems()).isEmpty();
    Map<String, Object> d = r.config().orElseThrow().definition();
    assertThat(d.get("cpus")).isEqualTo(0.25);
    assertThat(d.get("mem")).isEqualTo(512);
    assertThat(d.get("instances")).isEqualTo(1);
    assertThat(d.get("env"))
        .isEqualTo(Map.of("LOG_LEVEL", "debug", "PORT", "8080", "DB", "postgres://db"));
    assertThat(r.config().orElseThrow().image()).contains("shop/web:2");
  }

  @Test
  void withoutItsOverlayFileAnEnvironmentChangesNothing() throws IOException {
    Path f = write("web.conf", "id = /shop/web\ninstances = 2\ncmd = \"sleep 1\"\n");

    AppConfigs.Result r =
        AppConfigs.load(f, new AppConfigs.Options(Optional.of("prod"), Map.of(), Map.of()));

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().orElseThrow().definition().get("instances")).isEqualTo(2);
  }

  @Test
  void schemaViolationsAreAllListedEachWithItsLine() throws IOException {
    Path f =
        write(
            "web.conf",
            "id = /shop/web\n" + "instances = three\n" + "cpus = -1\n" + "instnaces = 2\n");

    AppConfigs.Result r = load(f);

    assertThat(r.config()).isEmpty();
    List<String> problems = r.problems().stream().map(Problem::toString).toList();
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(f + ":2: instances: "));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(f + ":3: cpus: "));
    assertThat(problems)
        .anySatisfy(
            p -> assertThat(p).startsWith(f + ":4: instnaces: ").contains("has no instnaces"));
  }

  @Test
  void fieldsNewerThanTheSchemaPassWithTheirTypeChecked() throws IOException {
    Path ok = write("ok.conf", "id = /shop/web\nrole = slave_public\ntty = true\n");
    Path bad = write("bad.conf", "id = /shop/web\nrole = [a]\n");

    assertThat(load(ok).problems()).isEmpty();
    assertThat(load(bad).problems())
        .extracting(Problem::toString)
        .containsExactly(bad + ":2: role: array found, string expected");
  }

  @Test
  void theAutodeploySectionTakesAGlobOrTheObjectForm() throws IOException {
    Path glob = write("a.conf", "id = /shop/web\nautodeploy = \"acme/web:master*\"\n");
    Path object =
        write(
            "b.conf",
            "id = /shop/web\nautodeploy { image = \"acme/web:master*\", rollback = false }\n");
    Path bad = write("c.conf", "id = /shop/web\nautodeploy { image = \"acme/web\" }\n");

    assertThat(labels(load(glob))).containsEntry("autodeploy", "acme/web:master*");
    assertThat(load(object).config().orElseThrow().autodeploy().orElseThrow().rollback())
        .contains(false);
    assertThat(load(bad).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.toString()).startsWith(bad + ":2: autodeploy: "));
  }

  @Test
  void theSlackChannelBecomesItsLabelAndAPacerSectionIsSetOnce() throws IOException {
    Path ok = write("a.conf", "id = /shop/web\nslack.channel = \"#shop\"\n");
    Path twice =
        write(
            "b.conf",
            "id = /shop/web\nautodeploy = \"acme/web:m*\"\nlabels { autodeploy = \"acme/web:x*\" }\n");
    Path handBad =
        write("c.conf", "id = /shop/web\nlabels { autoscale = \"{ minInstances = 1 }\" }\n");

    assertThat(labels(load(ok))).containsEntry("slack.channel", "#shop");
    assertThat(load(twice).problems())
        .extracting(Problem::toString)
        .containsExactly(
            twice
                + ":3: labels.\"autodeploy\" and the autodeploy section both set the autodeploy"
                + " label: keep one");
    assertThat(load(handBad).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.toString()).startsWith(handBad + ":2: labels.autoscale: "));
  }

  @Test
  void aMissingEnvironmentVariableWithoutAQuestionMarkSaysSo() throws IOException {
    Path f = write("web.conf", "id = /shop/web\nenv.DB = ${DB_URL}\n");

    assertThat(load(f).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(2);
              assertThat(p.message()).contains("DB_URL").contains("${?NAME}");
            });
  }

  @Test
  void theEnvironmentOverridesADefaultAndIsNeverPartOfTheAppOrAnError() throws IOException {
    Path f =
        write(
            "web.conf",
            "id = /shop/web\nenv { RATE = \"0.01\", RATE = ${?RATE} }\nmem = ${?MEM}\n");
    Map<String, String> environment = Map.of("RATE", "0.5", "SECRET_TOKEN", "hunter2");

    AppConfigs.Result set =
        AppConfigs.load(f, new AppConfigs.Options(Optional.empty(), Map.of(), environment));
    AppConfigs.Result unset =
        AppConfigs.load(f, new AppConfigs.Options(Optional.empty(), Map.of(), Map.of()));
    Path bad = write("bad.conf", "id = /shop/web\nenv.X = ${NOPE}\n");
    AppConfigs.Result error =
        AppConfigs.load(bad, new AppConfigs.Options(Optional.empty(), Map.of(), environment));

    assertThat(set.config().orElseThrow().definition())
        .containsEntry("env", Map.of("RATE", "0.5"))
        .doesNotContainKeys("RATE", "SECRET_TOKEN", "mem");
    assertThat(unset.config().orElseThrow().definition().get("env"))
        .isEqualTo(Map.of("RATE", "0.01"));
    assertThat(error.problems()).singleElement().asString().doesNotContain("hunter2");
  }

  @Test
  void aMissingFileOrIdIsAProblemNotACrash() throws IOException {
    assertThat(load(dir.resolve("nope.conf")).problems())
        .extracting(Problem::message)
        .containsExactly("no such file");
    assertThat(load(write("x.conf", "cpus = 1\n")).problems())
        .extracting(Problem::message)
        .containsExactly("missing id (the Marathon app id, e.g. id = /shop/web)");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> labels(AppConfigs.Result r) {
    assertThat(r.problems()).isEmpty();
    return (Map<String, Object>) r.config().orElseThrow().definition().get("labels");
  }
}
