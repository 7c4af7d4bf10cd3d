package dev.pacer.agentscaler.cloud;

import static dev.pacer.testkit.Await.failure;
import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.aws.AutoScalingSimulator;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;

/** The AWS SDK v2 client against the Auto Scaling simulator (query protocol, XML). */
class AutoScalingGroupsIT {
  final Vertx vertx = Vertx.vertx();
  final AutoScalingSimulator aws = result(AutoScalingSimulator.start(vertx));
  final List<String> launched = new ArrayList<>();
  AutoScalingGroups groups;

  @AfterEach
  void close() {
    if (groups != null) {
      groups.close();
    }
    result(vertx.close());
  }

  AutoScalingGroups client() {
    groups =
        new AutoScalingGroups(
            vertx,
            "us-east-1",
            URI.create(aws.url()),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
    return groups;
  }

  @Test
  void describesScalesUpAndTerminatesExactlyTheChosenInstance() {
    aws.onLaunch(i -> launched.add(i.id()));
    aws.createGroup("scaling", 1, 6, 3, true);
    AutoScalingGroups g = client();
    AutoScalingGroups.Group before = result(g.describe("scaling"));
    assertThat(before.desired()).isEqualTo(3);
    assertThat(before.instances())
        .hasSize(3)
        .allMatch(AutoScalingGroups.Instance::protectedFromScaleIn);
    assertThat(before.instances())
        .extracting(AutoScalingGroups.Instance::lifecycleState)
        .containsOnly("InService");

    result(g.scaleUpTo("scaling", 5));
    assertThat(aws.desired("scaling")).isEqualTo(5);
    assertThat(launched).hasSize(5);

    String victim = launched.get(1);
    result(g.terminate(victim));
    assertThat(aws.terminated()).containsExactly(victim);
    assertThat(aws.desired("scaling")).isEqualTo(4);
    assertThat(aws.instances("scaling"))
        .extracting(AutoScalingSimulator.Instance::id)
        .doesNotContain(victim)
        .hasSize(4);
  }

  @Test
  void theDesiredCapacityNeverGoesDownAndAwsErrorsKeepTheirCode() {
    aws.createGroup("scaling", 2, 3, 2, true);
    AutoScalingGroups g = client();
    assertThat(failure(g.scaleUpTo("scaling", 1))).hasMessageContaining("only a scale-up");
    assertThat(aws.calls()).noneMatch(c -> c.startsWith("SetDesiredCapacity"));
    Throwable above = failure(g.scaleUpTo("scaling", 4));
    assertThat(above)
        .isInstanceOf(AutoScalingException.class)
        .hasMessageContaining("above max value 3");
    assertThat(((AutoScalingException) above).awsErrorDetails().errorCode())
        .isEqualTo("ValidationError");
    String first = aws.instances("scaling").get(0).id();
    assertThat(failure(g.terminate(first))).hasMessageContaining("violate group's min size");
    assertThat(failure(g.terminate("i-00000000000000bad")))
        .hasMessageContaining("No managed instance found");
  }

  @Test
  void unprotectedInstancesCanBeProtected() {
    aws.createGroup("scaling", 0, 5, 2, false);
    AutoScalingGroups g = client();
    List<String> ids =
        aws.instances("scaling").stream().map(AutoScalingSimulator.Instance::id).toList();
    result(g.protect("scaling", ids));
    assertThat(result(g.describe("scaling")).instances())
        .allMatch(AutoScalingGroups.Instance::protectedFromScaleIn);
  }
}
