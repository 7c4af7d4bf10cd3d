package dev.pacer.common.events.types;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event of every type, with every field set (and a second with the optional ones left out), for
 * the contract tests: a type added to {@link EventTypes} without a sample here fails them.
 */
public final class EventSamples {
  static final Instant AT = Instant.parse("2026-12-03T10:15:30.123Z");

  private EventSamples() {}

  /** Every field that has a value. */
  public static List<EventData> full() {
    DeployEvent.Facts f =
        new DeployEvent.Facts(
            "registry.acme.dev/shop/web:2.4.1",
            "registry.acme.dev/shop/web:2.4.0",
            "5ed4c0c5-9ff8-4a6f-a0c5-1e6d9bd2b1e3",
            "ev-1",
            "sha256:" + "ab".repeat(32),
            AT,
            "registry",
            "push of shop/web:2.4.1");
    ScaleEvent.Facts s =
        new ScaleEvent.Facts(
            3,
            2,
            10,
            "mesos.marathon.shop_web.cpu_util",
            0.4,
            0.7,
            0.91,
            "up",
            AT.plusSeconds(60),
            AT.plusSeconds(300),
            "global by alice until 11:00: incident 42");
    PoolInputs inputs =
        new PoolInputs(
            0.12,
            0.3,
            null,
            0.2,
            14.5,
            30_000,
            0,
            4,
            3,
            1,
            4,
            List.of(
                new PoolInputs.Considered("i-1", "10.0.0.7.ec2", 0, true, "idle"),
                new PoolInputs.Considered("i-2", null, 0, false, "protected")));
    Map<String, Object> marathon = new LinkedHashMap<>();
    marathon.put("eventType", "deployment_success");
    marathon.put("timestamp", "2026-12-03T10:15:30.123Z");
    marathon.put("id", "5ed4c0c5");
    marathon.put("plan", Map.of("id", "5ed4c0c5", "steps", List.of()));
    return List.of(
        new RegistryPush("registry", "registry.acme.dev", "shop/web", "2.4.1", f.digest(), AT),
        new DeployStarted(f, true, "2026-12-03T09:00:00.000Z", "2026-12-03T10:15:31.000Z"),
        new DeploySucceeded(f),
        new DeployFailed(f),
        new DeployRolledBack(f, "alice"),
        new DeploySkipped(f, "older"),
        new DeployHeld(f, "deploys frozen by alice until 2026-11-22T12:00:00Z: release freeze"),
        new DeployDryRun(f),
        new DeployApproval(
            f,
            "a1b2c3d4",
            DeployApproval.PENDING,
            2,
            AT.plusSeconds(86400),
            List.of(new DeployApproval.Vote("U024BE7LH", "alice", "approve", "slack", AT, "")),
            null),
        new PushMatched(
            "registry.acme.dev/shop/web:2.4.1",
            f.digest(),
            List.of("/shop/web"),
            List.of(new PushMatched.NearMiss("/shop/api", "shop/api:2*", "shop/web:2.4.1", 5))),
        LabelInvalid.of("autodeploy", "acme/web:[", "bad glob"),
        new ScaleApplied(s, 4, "d-1"),
        new ScaleHeld(s, "cooldown", true),
        new ScaleDryRun(s, 4, "label dryRun"),
        LabelInvalid.of("autoscale", "{ min = x }", "minInstances: not a number"),
        new PoolScaledUp("general", "asg-general", 5, 6, "free cpus 0.12 < 0.2", inputs),
        new PoolHeld("general", "cooldown", "scale-down cooldown until " + AT, true, inputs),
        new PoolDryRun("general", "asg-general", 6, 5, "free 0.4", List.of("i-1", "i-2")),
        new AgentDraining(
            "general",
            "asg-general",
            "i-1",
            "10.0.0.7.ec2",
            "10.0.0.7",
            3,
            Duration.ofMinutes(30),
            "free cpus 40 %",
            inputs),
        new AgentTerminated("general", "asg-general", "i-1", "drained"),
        new PauseSet(
            new PauseEvent.Facts("/shop/web", AT, AT.plusSeconds(3600), "incident 42", "alice")),
        new PauseResumed(
            new PauseEvent.Facts("global", AT, AT.plusSeconds(60), "deploy", "bob"),
            "carol",
            "over"),
        new PauseExpired(new PauseEvent.Facts("pool:general", AT, AT.plusSeconds(60), "", "")),
        new StreamAttached("6f1c2a3e-0d4b-4c55-9a7e-2b8f1e0c9d11", 1),
        new CollectorDegraded(List.of("ip-10-0-1-7", "ip-10-0-1-9"), 5, 0.3),
        new MarathonRelayed("deployment_success", marathon));
  }

  /** The optional fields left out. */
  public static List<EventData> sparse() {
    DeployEvent.Facts f =
        new DeployEvent.Facts("shop/web:1", null, null, null, null, null, null, "by hand");
    ScaleEvent.Facts s = new ScaleEvent.Facts(1, null, null, null, null, null, null, "no policy");
    return List.of(
        new RegistryPush(null, null, "shop/web", "1", null, AT),
        new DeployStarted(f, false, null, null),
        new DeployRolledBack(f, null),
        new ScaleHeld(s, "invalid", false),
        new PoolDryRun("general", "asg", 5, 6, "short of cpus", null));
  }
}
