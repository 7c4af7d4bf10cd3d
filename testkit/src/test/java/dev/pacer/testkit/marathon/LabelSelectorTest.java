package dev.pacer.testkit.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  private final Map<String, String> labels =
      Map.of("autodeploy", "acme/web:master*", "env", "prod");

  @Test
  void supportsEveryMarathonForm() {
    assertThat(LabelSelector.parse("autodeploy").test(labels)).isTrue();
    assertThat(LabelSelector.parse("autoscale").test(labels)).isFalse();
    assertThat(LabelSelector.parse("env==prod").test(labels)).isTrue();
    assertThat(LabelSelector.parse("env!=prod").test(labels)).isFalse();
    assertThat(LabelSelector.parse("env in (dev, prod)").test(labels)).isTrue();
    assertThat(LabelSelector.parse("env notin (dev,prod)").test(labels)).isFalse();
    assertThat(LabelSelector.parse("autodeploy,env in (dev,prod)").test(labels)).isTrue();
    assertThat(LabelSelector.parse("autodeploy,env==dev").test(labels)).isFalse();
  }
}
