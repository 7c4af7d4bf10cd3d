package dev.pacer.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {
  @TempDir Path dir;
  final AtomicLong nanos = new AtomicLong();

  @Test
  void aFileSecretIsReadAgainWhenItChangesAtMostOnceASecond() throws Exception {
    Path f = Files.writeString(dir.resolve("token"), "old-token\n");
    Secret s = Secret.ofFile(f, "pacer.admin.token-file", nanos::get);
    assertThat(s.reveal()).as("the trailing newline is not the token's").isEqualTo("old-token");
    Files.writeString(f, "new-token\n");
    nanos.addAndGet(Secret.RECHECK_NANOS - 1);
    assertThat(s.matches("old-token")).as("not looked at again within the second").isTrue();
    nanos.addAndGet(1);
    assertThat(s.matches("new-token")).isTrue();
    assertThat(s.matches("old-token")).isFalse();
    assertThat(s.toString()).isEqualTo("****");
  }

  @Test
  void aFileThatGoesAwayKeepsTheLastValue() throws Exception {
    Path f = Files.writeString(dir.resolve("token"), "kept");
    Secret s = Secret.ofFile(f, "pacer.slack.token-file", nanos::get);
    Files.delete(f);
    nanos.addAndGet(Secret.RECHECK_NANOS);
    assertThat(s.reveal()).isEqualTo("kept");
    Files.writeString(f, "back");
    nanos.addAndGet(Secret.RECHECK_NANOS);
    assertThat(s.reveal()).isEqualTo("back");
  }

  private static ConfigReader reader(String hocon) {
    return new ConfigReader(ConfigFactory.parseString(hocon).resolve());
  }

  @Test
  void theFileKeyIsReadCheckedAndExclusiveOfTheValueKey() throws Exception {
    Path f = Files.writeString(dir.resolve("t"), "from-file");
    ConfigReader ok = reader("a.token = \"\", a.token-file = \"" + f + "\"");
    assertThat(ok.secret("a.token").reveal()).isEqualTo("from-file");
    ok.throwIfInvalid();

    ConfigReader both = reader("a.token = x, a.token-file = \"" + f + "\"");
    both.secret("a.token");
    assertThat(problems(both))
        .contains("a.token-file: set either a.token or a.token-file, not both");

    ConfigReader missing = reader("a.token = \"\", a.token-file = \"" + dir.resolve("none") + "\"");
    assertThat(missing.secret("a.token").isPresent()).isFalse();
    assertThat(problems(missing))
        .contains("a.token-file: cannot read '" + dir.resolve("none") + "'");

    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    ConfigReader blank = reader("a.token = \"\", a.token-file = \"" + empty + "\"");
    blank.secret("a.token");
    assertThat(problems(blank)).contains("a.token-file: '" + empty + "' is empty");
  }

  private static String problems(ConfigReader r) {
    try {
      r.throwIfInvalid();
      return "";
    } catch (ConfigInvalidException e) {
      return e.getMessage();
    }
  }
}
