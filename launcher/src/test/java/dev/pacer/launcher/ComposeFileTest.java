package dev.pacer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and its registry config fit together: one webhook token variable for both
 * ends, notifications to both replicas, the Kafka the tests run, and Mesos work dirs at the same
 * path on the host. ({@code bin/test} checks the file itself with {@code docker-compose config}.)
 */
class ComposeFileTest {
  static final Path ROOT = Path.of("..");

  static String read(String file) throws IOException {
    return Files.readString(ROOT.resolve(file));
  }

  @Test
  void theRegistrySendsPacersOwnTokenToBothReplicas() throws IOException {
    String registry = read("conf/compose/registry.yml");
    String compose = read("docker-compose.yml");
    // no token written in the registry's config: the placeholder its entrypoint fills in
    assertThat(registry).doesNotContain("compose-webhook-token");
    // what the entrypoint's sed makes of it, with an overridden PACER_WEBHOOK_TOKEN
    String rendered = registry.replace("PACER_WEBHOOK_TOKEN_HERE", "rotated-7f3a");
    Matcher bearer = Pattern.compile("Authorization: \\[Bearer ([^\\]]+)]").matcher(rendered);
    int endpoints = 0;
    while (bearer.find()) {
      endpoints++;
      assertThat(bearer.group(1)).isEqualTo("rotated-7f3a");
    }
    assertThat(endpoints).isEqualTo(2);
    assertThat(rendered)
        .contains("url: http://pacer-1:8090/registry/events")
        .contains("url: http://pacer-2:8090/registry/events");
    assertThat(compose)
        .contains(
            "sed \"s|PACER_WEBHOOK_TOKEN_HERE|$${PACER_WEBHOOK_TOKEN}|g\" /etc/pacer/registry.yml")
        .contains("./conf/compose/registry.yml:/etc/pacer/registry.yml:ro");
    // Pacer and the registry default to the same token, from the same variable
    List<String> defaults =
        Pattern.compile("PACER_WEBHOOK_TOKEN: \"(\\$\\{PACER_WEBHOOK_TOKEN:-[^}]+})\"")
            .matcher(compose)
            .results()
            .map(m -> m.group(1))
            .toList();
    assertThat(defaults).hasSize(2).containsOnly("${PACER_WEBHOOK_TOKEN:-compose-webhook-token}");
  }

  @Test
  void kafkasImageIsTheVersionTheTestsRun() throws IOException {
    Matcher version =
        Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(read("pom.xml"));
    assertThat(version.find()).isTrue();
    assertThat(read("docker-compose.yml")).contains("image: apache/kafka:" + version.group(1));
  }

  @Test
  void mesosAgentsShareTheirWorkDirWithTheHostAtTheSamePath() throws IOException {
    String compose = read("docker-compose.yml");
    assertThat(compose).contains("MESOS_WORK_DIR: /var/tmp/mesos");
    assertThat(Pattern.compile("- /var/tmp/mesos:/var/tmp/mesos\n").matcher(compose).results())
        .as("each agent's volume")
        .hasSize(2);
  }
}
