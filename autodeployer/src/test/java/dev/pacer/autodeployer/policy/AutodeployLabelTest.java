package dev.pacer.autodeployer.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutodeployLabelTest {

  @Test
  void theSeedsPlainGlobKeepsWorking() {
    AutodeployPolicy p = AutodeployLabel.parse("acme/foo-service:master*");
    assertThat(p.pattern().repository()).isEqualTo("acme/foo-service");
    assertThat(p.pattern().tag()).isEqualTo("master*");
    assertThat(p.rollback()).isEmpty();
    assertThat(p.pinDigest()).isFalse();
    assertThat(p.rollbackOr(true)).isTrue();
  }

  @Test
  void readsATagPolicyAndItsErrorsAreLabelErrors() {
    AutodeployPolicy semver =
        AutodeployLabel.parse("{ image = \"acme/foo\", policy = semver, range = \"^2.3\" }");
    assertThat(semver.pattern().text()).isEqualTo("acme/foo:*");
    assertThat(semver.tags().kind()).isEqualTo(TagPolicy.Kind.SEMVER);
    assertThat(semver.refuses("3.0.0")).isEqualTo("3.0.0 is outside the range ^2.3");
    AutodeployPolicy numerical =
        AutodeployLabel.parse(
            "{ image = \"acme/foo:master-*\", policy = numerical,"
                + " tags = \"^master-(?<ts>[0-9]+)$\", extract = \"$ts\","
                + " ignore = [\"*-debug\", latest] }");
    assertThat(numerical.tags().compare("master-10", "master-9")).isPositive();
    assertThat(numerical.refuses("master-7-debug")).startsWith("master-7-debug is ignored");
    assertThat(AutodeployLabel.parse("{ image = \"acme/foo:m*\" }").tags())
        .isEqualTo(TagPolicy.GLOB);
    assertThatThrownBy(() -> AutodeployLabel.parse("{ image = acme/foo, policy = newest }"))
        .hasMessageStartingWith("unknown policy 'newest'; expected glob (the default), semver,");
    assertThatThrownBy(
            () -> AutodeployLabel.parse("{ image = acme/foo, policy = semver, range = \"2.x.y\" }"))
        .hasMessageContaining("'2.x.y' is not a version comparator");
    assertThat(AutodeployLabel.parse("{ image = \"acme/foo:m*\", dryRun = true }").dryRun())
        .isTrue();
    assertThat(semver.dryRun()).isFalse();
    assertThatThrownBy(() -> AutodeployLabel.parse("{ image = acme/foo, polcy = semver }"))
        .hasMessageContaining("unknown key(s) [polcy]");
  }

  @Test
  void readsApprovalsAndTheirDeadlineAndNamesWhatIsWrongWithThem() {
    AutodeployPolicy p =
        AutodeployLabel.parse(
            "{ image = \"acme/foo:master*\", approvals = 2, approval-deadline = 4h }");
    assertThat(p.needsApproval()).isTrue();
    assertThat(p.approvals()).isEqualTo(2);
    assertThat(p.approvalDeadline()).isEqualTo(java.time.Duration.ofHours(4));
    AutodeployPolicy byDefault =
        AutodeployLabel.parse("{ image = \"acme/foo:master*\", approvals = 1 }");
    assertThat(byDefault.approvalDeadline()).isEqualTo(java.time.Duration.ofHours(24));
    assertThat(AutodeployLabel.parse("acme/foo:master*").needsApproval()).isFalse();
    assertThatThrownBy(() -> AutodeployLabel.parse("{ image = \"acme/foo:x\", approvals = -1 }"))
        .hasMessageContaining("approvals: the votes a push needs, 0 to 10, got -1");
    assertThatThrownBy(() -> AutodeployLabel.parse("{ image = \"acme/foo:x\", approvals = lots }"))
        .hasMessageContaining("approvals");
    assertThatThrownBy(
            () ->
                AutodeployLabel.parse(
                    "{ image = \"acme/foo:x\", approvals = 1, approval-deadline = 10s }"))
        .hasMessageContaining("approval-deadline: between 1m and 30d");
    assertThatThrownBy(
            () -> AutodeployLabel.parse("{ image = \"acme/foo:x\", approval-deadline = 1h }"))
        .hasMessageContaining("approval-deadline without approvals");
  }

  @Test
  void readsTheObjectFormInHoconOrJson() {
    AutodeployPolicy hocon =
        AutodeployLabel.parse(
            "{ image = \"acme/foo:master*\", rollback = true, pin-digest = true }");
    assertThat(hocon.pattern().text()).isEqualTo("acme/foo:master*");
    assertThat(hocon.rollback()).isEqualTo(Optional.of(true));
    assertThat(hocon.pinDigest()).isTrue();
    AutodeployPolicy json =
        AutodeployLabel.parse("{\"image\": \"acme/foo:v*\", \"rollback\": false}");
    assertThat(json.rollbackOr(true)).isFalse();
  }

  @Test
  void explainsWhatIsWrongWithABadLabel() {
    assertThatThrownBy(() -> AutodeployLabel.parse("{ image = \"acme/foo:x\", rolback = true }"))
        .hasMessageContaining("unknown key(s) [rolback]");
    assertThatThrownBy(() -> AutodeployLabel.parse("{ rollback = true }"))
        .hasMessageContaining("missing image");
    assertThatThrownBy(() -> AutodeployLabel.parse("{ image = \"acme/foo:x\", rollback = maybe }"))
        .hasMessageContaining("rollback");
    assertThatThrownBy(() -> AutodeployLabel.parse("{ image = "))
        .hasMessageContaining("not a HOCON object");
    assertThatThrownBy(() -> AutodeployLabel.parse("acme/foo")).hasMessageContaining("has no tag");
  }
}
