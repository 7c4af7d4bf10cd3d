package dev.pacer.autodeployer.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImagePatternTest {

  @ParameterizedTest(name = "{0} vs {1}/{2}:{3} -> {4}")
  @CsvSource({
    "acme/foo-service:master*, 127.0.0.1:5000, acme/foo-service, master-abc, true",
    "acme/foo-service:master*, registry.example.com, acme/foo-service, master, true",
    "acme/foo-service:master*, registry.example.com, acme/foo-service, main-1, false",
    "acme/foo-service:master*, registry.example.com, acme/foo-service-2, master, false",
    "acme/*:v1.?, r.io, acme/web, v1.2, true",
    "acme/*:v1.?, r.io, acme/team/web, v1.2, false",
    "acme/*:v1.?, r.io, acme/web, v1.10, false",
    "registry.example.com/acme/web:*, registry.example.com, acme/web, anything/at-all, true",
    "registry.example.com/acme/web:*, REGISTRY.example.com, acme/web, x, true",
    "registry.example.com/acme/web:*, other.example.com, acme/web, x, false",
    "localhost/web:latest, localhost, web, latest, true",
    "127.0.0.1:5000/acme/web:master*, 127.0.0.1:5000, acme/web, master-1, true",
    "127.0.0.1:5000/acme/web:master*, 127.0.0.1:5001, acme/web, master-1, false",
    "acme/web:v1.2, r.io, acme/web, v1x2, false",
  })
  void matchesAsDocumented(String pattern, String host, String repo, String tag, boolean expected) {
    assertThat(ImagePattern.parse(pattern).matches(host, repo, tag)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "acme/foo | has no tag",
        "acme/foo: | has no tag",
        "registry.example.com:5000/acme/foo | has no tag",
        "acme/foo@sha256:abc | pins a digest",
        "'' | empty image pattern",
        "acme//foo:x | empty path component",
        "acme/foo :x | whitespace",
      })
  void rejectsWhatIsNotAPattern(String pattern, String reason) {
    assertThatThrownBy(() -> ImagePattern.parse(pattern)).hasMessageContaining(reason);
  }

  @ParameterizedTest(name = "{0} vs {1}/{2}:{3} stops at {4}")
  @CsvSource({
    "shop/web:v*, r.io, shop/web, 2.4.1, 9",
    "shop/web:v*, r.io, shop/web, v2, -1",
    "shop/*:master-*, r.io, shop/api, main-3, 11",
    "shop/*:master-*, r.io, shop/api, master, 15",
    "shop/*:1.?, r.io, shop/team/api, 1.2, 9",
    "acme/web:1.2, r.io, acme/webx, 1.2, 8",
    "registry.example.com/acme/web:*, other.example.com, acme/web, x, 0",
    "registry.example.com/acme/web:*, registry.example.org, acme/web, x, 17",
  })
  void aPushThatDoesNotMatchStopsAtItsFirstCharacterNoCompletionAccepts(
      String pattern, String host, String repo, String tag, int at) {
    assertThat(ImagePattern.parse(pattern).stopsAt(host, repo, tag)).isEqualTo(at);
  }
}
