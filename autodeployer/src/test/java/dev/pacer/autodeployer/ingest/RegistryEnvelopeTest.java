package dev.pacer.autodeployer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.testkit.Contracts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegistryEnvelopeTest {

  @Test
  void aTaggedManifestPushFromTheRealRegistryIsAPush() {
    ParsedNotification n =
        RegistryEnvelope.registry(Contracts.bytes("registry/captured-push-envelope.json"));
    assertThat(n.pushes())
        .singleElement()
        .isEqualTo(
            new ImagePush(
                "a871279f-757e-49ab-8dcc-e8f6ff5b60cc",
                "registry",
                "127.0.0.1:5000",
                "acme/foo-service",
                "master-abc123",
                "sha256:14cd946b3b119e3d2f6bfd44cb11a0620200080a7f77282745cabb99b6665219",
                Instant.parse("2026-11-22T06:01:26.937202688Z")));
    assertThat(n.pushes().get(0).reference())
        .isEqualTo("127.0.0.1:5000/acme/foo-service:master-abc123");
  }

  @Test
  void anOciManifestPushIsAPushToo() {
    assertThat(
            RegistryEnvelope.registry(
                    Contracts.bytes("registry/captured-push-envelope-oci-manifest.json"))
                .pushes())
        .hasSize(1);
  }

  @Test
  void blobsPullsAndOtherActionsAreIgnoredWithTheirReason() {
    for (String f :
        new String[] {
          "captured-blob-push-envelope-layer.json",
          "captured-blob-push-envelope-config.json",
          "captured-pull-envelope-blob-head.json",
          "captured-pull-envelope-manifest-get.json"
        }) {
      ParsedNotification n = RegistryEnvelope.registry(Contracts.bytes("registry/" + f));
      assertThat(n.pushes()).as(f).isEmpty();
      assertThat(n.ignored()).as(f).isNotEmpty();
    }
    assertThat(
            RegistryEnvelope.registry(
                    Contracts.bytes("registry/captured-blob-push-envelope-layer.json"))
                .ignored()
                .get(0))
        .contains("not a manifest (application/octet-stream)");
    // A delete carries only the target of notification_delete_target_docs.json.
    String delete =
        "{\"events\":[{\"id\":\"d1\",\"action\":\"delete\",\"target\":"
            + Contracts.text("registry/notification_delete_target_docs.json")
                .strip()
                .replaceFirst("^\\{\\s*\"target\":", "")
                .replaceFirst("}\\s*$", "")
            + "}]}";
    ParsedNotification deleted = RegistryEnvelope.registry(delete.getBytes(StandardCharsets.UTF_8));
    assertThat(deleted.pushes()).isEmpty();
    assertThat(deleted.ignored()).containsExactly("d1: action delete");
  }

  @Test
  void parsesDockerHubAndHarborPushes() {
    ImagePush hub =
        RegistryEnvelope.dockerHub(Contracts.bytes("registry/dockerhub_webhook_docs.json"))
            .pushes()
            .get(0);
    assertThat(hub.repository()).isEqualTo("svendowideit/testhook");
    assertThat(hub.tag()).isEqualTo("latest");
    assertThat(hub.pushedAt()).isEqualTo(Instant.ofEpochSecond(1417566161));
    assertThat(hub.host()).isEmpty();

    ImagePush harbor =
        RegistryEnvelope.harbor(Contracts.bytes("registry/harbor_webhook_push_artifact_docs.json"))
            .pushes()
            .get(0);
    assertThat(harbor.host()).isEqualTo("hub.harbor.com");
    assertThat(harbor.repository()).isEqualTo("test-webhook/debian");
    assertThat(harbor.digest()).startsWith("sha256:8a9e98");
    assertThat(harbor.reference()).isEqualTo("hub.harbor.com/test-webhook/debian:latest");
  }

  @Test
  void parsesQuaysRepoPushAsQuayBuildsIt() {
    Instant received = Instant.parse("2026-12-03T10:00:00Z");
    ImagePush q =
        RegistryEnvelope.quay(Contracts.bytes("quay/repo_push.derived.json"), received)
            .pushes()
            .get(0);
    assertThat(q.host()).isEqualTo("quay.example.com");
    assertThat(q.repository()).isEqualTo("acme/foo-service");
    assertThat(q.tag()).isEqualTo("master-abc123");
    assertThat(q.digest()).isEmpty();
    assertThat(q.pushedAt()).isEqualTo(received);
    assertThat(q.reference()).isEqualTo("quay.example.com/acme/foo-service:master-abc123");
    // the docs' example: its name and homepage disagree with its repository; the repository wins
    ImagePush docs =
        RegistryEnvelope.quay(Contracts.bytes("quay/repo_push_docs.json"), received)
            .pushes()
            .get(0);
    assertThat(docs.reference()).isEqualTo("quay.io/dgangaia/test:latest");
    // each push an id of its own: a re-push of the same tag is not a duplicate
    assertThat(
            RegistryEnvelope.quay(Contracts.bytes("quay/repo_push.derived.json"), received)
                .pushes()
                .get(0)
                .id())
        .isNotEqualTo(q.id());
    assertThatThrownBy(
            () ->
                RegistryEnvelope.quay(
                    "{\"repository\": \"a/b\"}".getBytes(StandardCharsets.UTF_8), received))
        .isInstanceOf(MalformedNotificationException.class)
        .hasMessageContaining("updated_tags");
  }

  @Test
  void malformedBodiesSayWhatIsWrong() {
    assertThatThrownBy(() -> RegistryEnvelope.registry("nope".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedNotificationException.class)
        .hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> RegistryEnvelope.registry("{}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("expected {\"events\": [...]}");
    assertThatThrownBy(
            () ->
                RegistryEnvelope.registry(
                    "{\"events\":[{\"id\":\"x\",\"action\":\"push\",\"target\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"tag\":\"t\",\"repository\":\"r\"},\"timestamp\":\"yesterday\"}]}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("events[0].timestamp: expected an RFC 3339 timestamp");
    assertThatThrownBy(
            () -> RegistryEnvelope.dockerHub("{\"push_data\":{}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedNotificationException.class);
    assertThatThrownBy(() -> RegistryEnvelope.harbor("[1]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("expected a JSON object");
  }

  @Test
  void namesThatAreNotDockerNamesAreRejected() {
    assertThatThrownBy(
            () ->
                RegistryEnvelope.dockerHub(
                    "{\"push_data\":{\"tag\":\"-0.5\",\"pushed_at\":1},\"repository\":{\"repo_name\":\"acme/web\"}}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("tag '-0.5' is not a Docker tag");
    assertThatThrownBy(
            () ->
                RegistryEnvelope.dockerHub(
                    "{\"push_data\":{\"tag\":\"v1\",\"pushed_at\":1},\"repository\":{\"repo_name\":\"Acme/Web\"}}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("repository 'Acme/Web' is not a Docker repository name");
  }

  @Test
  void aHarborEventOtherThanAPushIsIgnored() {
    ParsedNotification n =
        RegistryEnvelope.harbor(
            "{\"type\":\"PULL_ARTIFACT\",\"event_data\":{}}".getBytes(StandardCharsets.UTF_8));
    assertThat(n.pushes()).isEmpty();
    assertThat(n.ignored()).containsExactly("harbor PULL_ARTIFACT: not a push");
  }

  @Test
  void aPushRoundTripsThroughEventData() {
    ImagePush p =
        RegistryEnvelope.registry(Contracts.bytes("registry/captured-push-envelope.json"))
            .pushes()
            .get(0);
    var wire =
        dev.pacer.common.events.EventCodec.decode(
            dev.pacer.common.events.EventCodec.encode(
                dev.pacer.common.events.types.EventTypes.event(
                    p.id(), "test", p.repository(), java.time.Instant.EPOCH, p.toEvent())));
    assertThat(
            ImagePush.of(
                wire.id(),
                dev.pacer.common.events.types.EventTypes.read(
                    wire, dev.pacer.common.events.types.RegistryPush.class)))
        .isEqualTo(p);
  }
}
