package dev.pacer.common.marathon;

import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;

/** Marathon settings for tests: short timeouts and backoffs, no auth unless given. */
final class TestSettings {
  private TestSettings() {}

  static PacerConfig.Marathon urls(String... urls) {
    return auth("", "", "", urls);
  }

  static PacerConfig.Marathon auth(String user, String password, String token, String... urls) {
    return full(user, password, token, null, Duration.ofSeconds(2), urls);
  }

  static PacerConfig.Marathon full(
      String user,
      String password,
      String token,
      java.nio.file.Path caFile,
      Duration requestTimeout,
      String... urls) {
    return new PacerConfig.Marathon(
        Arrays.stream(urls).map(URI::create).toList(),
        user,
        Secret.of(password),
        Secret.of(token),
        caFile,
        Duration.ofMillis(500),
        requestTimeout,
        2,
        Duration.ofMillis(10),
        Duration.ofMillis(40),
        true,
        Duration.ofMillis(600),
        Duration.ofMillis(20),
        Duration.ofMillis(100));
  }
}
