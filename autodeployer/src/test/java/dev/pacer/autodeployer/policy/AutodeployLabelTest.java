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
