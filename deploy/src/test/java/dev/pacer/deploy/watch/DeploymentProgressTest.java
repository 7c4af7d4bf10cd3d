package dev.pacer.deploy.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentProgressTest {
  static final String APP = "/shop/web";
  static final String DEP = "d-1";
  static final String V = "2026-12-04T02:00:00.000Z";

  static Map<String, Object> plan(String id) {
    return Map.of(
        "id",
        id,
        "version",
        V,
        "steps",
        List.of(Map.of("actions", List.of(Map.of("action", "RestartApplication", "app", APP)))));
  }

  static Map<String, Object> status(String task, String state, String version) {
    return Map.of(
        "appId", APP,
        "taskId", task,
        "taskStatus", state,
        "version", version,
        "slaveId", "S1",
        "host", "ip-a",
        "message", state.equals("TASK_FAILED") ? "Command exited with status 1" : "");
  }

  @Test
  void eventsBeforeThePutAnsweredAreReadOnceItHas() {
    DeploymentProgress p = new DeploymentProgress(APP, 1, false, 3);
    p.on("deployment_info", Map.of("plan", plan(DEP), "currentStep", plan(DEP)));
    p.on("status_update_event", status("web.1", "TASK_RUNNING", V));
    DeploymentProgress.Update u = p.on("deployment_success", Map.of("id", DEP, "plan", plan(DEP)));
    assertThat(u.state()).isEqualTo(DeploymentProgress.State.IN_FLIGHT);

    DeploymentProgress.Update started = p.started(DEP, V);

    assertThat(started.state()).isEqualTo(DeploymentProgress.State.SUCCEEDED);
    assertThat(started.lines())
        .containsExactly(
            "deployment d-1: 1 step(s): RestartApplication",
            "deployment_success: /shop/web is deployed (step 1/1 RestartApplication · 0 staged ·"
                + " 1/1 running · 0 failed)");
  }

  @Test
  void anotherDeploymentsFailureIsNotOurs() {
    DeploymentProgress p = new DeploymentProgress(APP, 1, false, 3);
    p.started(DEP, V);

    // the 409 lock's side effect: a deployment_failed for a plan that never ran
    p.on("deployment_failed", Map.of("id", "other", "plan", plan("other"), "reason", "locked"));
    assertThat(p.state()).isEqualTo(DeploymentProgress.State.IN_FLIGHT);

    p.on("deployment_failed", Map.of("id", DEP, "plan", plan(DEP), "reason", "cancelled"));
    assertThat(p.state()).isEqualTo(DeploymentProgress.State.FAILED);
    assertThat(p.reason()).isEqualTo("cancelled");
  }

  @Test
  void failedTasksOfTheNewVersionAreReportedOnceAndEnoughOfThemFailTheDeploy() {
    DeploymentProgress p = new DeploymentProgress(APP, 2, false, 2);
    p.started(DEP, V);

    // the old version's tasks stopping is part of any deployment
    assertThat(p.on("status_update_event", status("old.1", "TASK_FAILED", "old")).failures())
        .isEmpty();
    DeploymentProgress.Update first =
        p.on("status_update_event", status("web.1", "TASK_FAILED", V));
    DeploymentProgress.Update again =
        p.on("status_update_event", status("web.1", "TASK_FAILED", V));
    DeploymentProgress.Update second =
        p.on("status_update_event", status("web.2", "TASK_ERROR", V));

    assertThat(first.failures())
        .containsExactly(
            new DeploymentProgress.TaskFailure(
                "web.1", "S1", "ip-a", "TASK_FAILED", "Command exited with status 1"));
    assertThat(first.state()).isEqualTo(DeploymentProgress.State.IN_FLIGHT);
    assertThat(again.failures()).isEmpty();
    assertThat(second.state()).isEqualTo(DeploymentProgress.State.FAILED);
    assertThat(p.reason()).startsWith("2 task(s) of the new version failed");
  }

  @Test
  void healthIsCountedByInstanceAmongRunningTasks() {
    DeploymentProgress p = new DeploymentProgress(APP, 2, true, 3);
    p.started(DEP, V);
    String task = "shop_web.instance-1a._app.1";
    p.on("status_update_event", status(task, "TASK_STAGING", V));
    assertThat(p.summary()).isEqualTo("1 staged · 0/2 running · 0/2 healthy · 0 failed");

    p.on("status_update_event", status(task, "TASK_RUNNING", V));
    p.on(
        "instance_health_changed_event",
        Map.of(
            "instanceId",
            "shop_web.instance-1a",
            "runSpecId",
            APP,
            "runSpecVersion",
            V,
            "healthy",
            true));
    assertThat(p.summary()).isEqualTo("0 staged · 1/2 running · 1/2 healthy · 0 failed");

    p.on(
        "health_status_changed_event",
        Map.of("appId", APP, "instanceId", "shop_web.instance-1a", "version", V, "alive", false));
    assertThat(p.summary()).isEqualTo("0 staged · 1/2 running · 0/2 healthy · 0 failed");
  }

  @Test
  void aTaskKilledAsUnhealthyIsAFailure() {
    DeploymentProgress p = new DeploymentProgress(APP, 1, true, 1);
    p.started(DEP, V);

    DeploymentProgress.Update u =
        p.on(
            "unhealthy_instance_kill_event",
            Map.of(
                "appId",
                APP,
                "taskId",
                "web.9",
                "version",
                V,
                "reason",
                "3 failed checks",
                "host",
                "ip-b",
                "slaveId",
                "S2"));

    assertThat(u.failures())
        .extracting(DeploymentProgress.TaskFailure::state)
        .containsExactly("killed as unhealthy");
    assertThat(u.state()).isEqualTo(DeploymentProgress.State.FAILED);
  }
}
