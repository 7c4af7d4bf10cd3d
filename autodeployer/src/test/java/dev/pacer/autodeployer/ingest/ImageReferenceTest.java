package dev.pacer.autodeployer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  @ParameterizedTest
  @CsvSource({
    "registry.example.com/acme/web:1.2.9, registry.example.com, acme/web, 1.2.9, ''",
    "127.0.0.1:5000/acme/foo-service:master-1, 127.0.0.1:5000, acme/foo-service, master-1, ''",
    "localhost/web:v_1.0-rc1, localhost, web, v_1.0-rc1, ''",
    "acme/web:latest, '', acme/web, latest, ''",
    "acme/my__web.x-y:1, '', acme/my__web.x-y, 1, ''",
  })
  void readsTheReferencesDockerAccepts(
      String text, String host, String repository, String tag, String digest) {
    assertThat(ImageReference.parse(text))
        .isEqualTo(new ImageReference(host, repository, tag, digest));
  }

  @Test
  void aDigestPinsTheManifestAsked() {
    ImageReference r = ImageReference.parse("registry.example.com/acme/web:1.2.9@" + DIGEST);
    assertThat(r.digest()).isEqualTo(DIGEST);
    assertThat(r.manifest()).isEqualTo(DIGEST);
    assertThat(r.name()).isEqualTo("registry.example.com/acme/web");
    assertThat(ImageReference.parse("acme/web@" + DIGEST).tag()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not an image!! | ' ' cannot be in one",
        "acme/Web:1 | no valid repository 'acme/Web'",
        "acme/web | names no tag and no digest",
        "acme/web: | no valid tag",
        "acme/web:-x | no valid tag",
        "acme/web@sha256:12 | no valid digest",
        "acme//web:1 | no valid repository",
        "acme/web-:1 | no valid repository",
        "-bad.example.com/acme/web:1 | no valid host",
        "'' | empty image",
      })
  void refusesAnythingElseAndSaysWhy(String text, String why) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why);
  }
}
