package dev.pacer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code bin/pacer} commands the runbooks give, read from the runbooks themselves and run as an
 * operator runs them (a shell, {@code $PACER_ADMIN_URL} and {@code $PACER_ADMIN_TOKEN} set),
 * against a running Pacer and the Marathon simulator ({@link RunbookITBase}): the pause, freeze and
 * pool runbooks, and every command that changes nothing. A runbook whose command stops working
 * fails here.
 */
class RunbookCommandsIT extends RunbookITBase {
  @Test
  void thePauseRunbookPausesOneAppAndAllThenResumesBoth() throws Exception {
    List<String> cmds =
        commands("pause-scaling.md").stream()
            .filter(c -> c.matches("bin/pacer (pause|resume) .*"))
            .toList();
    assertThat(cmds)
        .as("pause-scaling.md's commands")
        .anyMatch(c -> c.startsWith("bin/pacer pause --app " + APP))
        .anyMatch(c -> c.startsWith("bin/pacer pause --all"))
        .anyMatch(c -> c.startsWith("bin/pacer resume --app " + APP))
        .anyMatch(c -> c.startsWith("bin/pacer resume --all"));
    for (String c : cmds) {
      Ran r = run(c);
      assertThat(r.exit()).as("%s printed %s", c, r.out()).isZero();
      if (c.startsWith("bin/pacer pause")) {
        assertThat(r.out()).as(c).containsPattern("paused (/shop/web|global) until 20\\d\\d-");
      } else {
        assertThat(r.out()).as(c).containsPattern("resumed (/shop/web|global)");
      }
      if (c.equals(cmds.get(1))) {
        assertThat(pausedScopes()).containsExactlyInAnyOrder(APP, "global");
      }
    }
    assertThat(pausedScopes()).isEmpty();
    assertThat(marathon.storedApp(APP).getInteger("instances")).isEqualTo(3);
  }

  @Test
  void theFreezeRunbookFreezesOneAppsDeploysAndAllThenEndsBoth() throws Exception {
    List<String> cmds =
        commands("deploy-freeze.md").stream()
            .filter(c -> c.matches("bin/pacer (pause|resume) .*"))
            .toList();
    assertThat(cmds)
        .as("deploy-freeze.md's commands")
        .anyMatch(c -> c.startsWith("bin/pacer pause --deploys --app " + APP))
        .anyMatch(c -> c.startsWith("bin/pacer pause --deploys --all"))
        .anyMatch(c -> c.startsWith("bin/pacer resume --deploys --app " + APP))
        .anyMatch(c -> c.startsWith("bin/pacer resume --deploys --all"));
    for (String c : cmds) {
      Ran r = run(c);
      assertThat(r.exit()).as("%s printed %s", c, r.out()).isZero();
      if (c.startsWith("bin/pacer pause")) {
        assertThat(r.out())
            .as(c)
            .containsPattern("froze deploys of (/shop/web|all apps) until 20\\d\\d-");
      } else {
        assertThat(r.out()).as(c).containsPattern("resumed deploys of (/shop/web|all apps)");
      }
      if (c.equals(cmds.get(1))) {
        assertThat(pausedScopes()).containsExactlyInAnyOrder("deploys:" + APP, "deploys:global");
      }
    }
    assertThat(pausedScopes()).isEmpty();
    Ran pool = run("bin/pacer pause --deploys --pool scaling --for 1h");
    assertThat(pool.exit()).isEqualTo(2);
    assertThat(pool.out()).contains("--deploys freezes an app's deploys (--app) or all (--all)");
  }

  @Test
  void everyOtherRunbookCommandRunsAsWritten() throws Exception {
    List<String> ran = new ArrayList<>();
    try (var files = Files.list(ROOT.resolve("docs/runbooks"))) {
      for (Path f : files.filter(x -> x.toString().endsWith(".md")).sorted().toList()) {
        if (f.getFileName().toString().equals("deploy.md")) {
          continue; // DeployRunbookIT runs them, against its own registry, Marathon and Mesos
        }
        if (f.getFileName().toString().equals("before-autoscaling.md")) {
          continue; // BacktestCommandIT runs them, against a Graphite with history
        }
        for (String c : commands(f.getFileName().toString())) {
          // pause, resume and rollback change state: the tests above run them, in their order
          if (startsPacer(c)
              || c.matches("bin/pacer (pause|resume|rollback|quarantine lift|approve|reject) .*")) {
            continue;
          }
          // the example replica of ha.md is the one running here
          String command = c.replace("http://pacer-1:8090", url);
          Ran r = run(command);
          ran.add(f.getFileName() + ": " + c);
          if (c.startsWith("bin/pacer check ")) {
            // conf/pacer.conf is valid; its systems are not here to reach: 1, each line said
            assertThat(r.exit()).as("%s printed %s", c, r.out()).isEqualTo(1);
            assertThat(r.out())
                .contains("✔ config: conf/pacer.conf is valid")
                .contains("✘ marathon: ");
            continue;
          }
          assertThat(r.exit()).as("%s printed %s", c, r.out()).isZero();
          assertThat(r.out().strip()).as(c).isNotEmpty().isNotEqualTo("null");
          if (c.contains("| jq")) {
            assertThat(r.out()).as("%s: jq found it", c).doesNotStartWith("null");
          }
          if (c.startsWith("bin/pacer drain ")) {
            assertThat(r.out())
                .matches("draining ip-10-0-1-7 \\(i-[0-9a-f]+, 0 tasks\\) in pool scaling\\s*");
            assertThat(mesos.schedule().encode()).contains("ip-10-0-1-7");
          }
        }
      }
    }
    assertThat(ran)
        .as("the runbooks' commands")
        .anyMatch(c -> c.startsWith("drain-agent.md: bin/pacer drain --pool scaling"))
        .anyMatch(c -> c.startsWith("agent-pools.md: bin/pacer status --json | jq"))
        .anyMatch(c -> c.startsWith("ha.md: bin/pacer status --json --url"))
        .anyMatch(c -> c.startsWith("config-errors.md: bin/pacer check -c conf/pacer.conf"))
        .anyMatch(c -> c.startsWith("slack.md: "))
        .anyMatch(c -> c.startsWith("kafka-outage.md: "))
        .anyMatch(c -> c.startsWith("collector.md: bin/pacer status --json | jq"))
        .anyMatch(c -> c.startsWith("why.md: bin/pacer explain --image "))
        .anyMatch(c -> c.startsWith("autodeploy.md: bin/pacer autodeploy test "))
        .anyMatch(c -> c.startsWith("why.md: bin/pacer explain /acme/web --json | jq"));
    // what a push would do, said for the app whose pattern it matches
    Ran test = run("bin/pacer autodeploy test registry.example.com/acme/web:1.4.0");
    assertThat(test.exit()).as(test.out()).isZero();
    assertThat(test.out()).contains(APP).contains("deploys").contains("matches acme/web:1.*");
    // a drain asked again says so, as the runbook says
    Ran again = run("bin/pacer drain --pool scaling --agent ip-10-0-1-7");
    assertThat(again.exit()).as(again.out()).isZero();
    assertThat(again.out()).startsWith("already draining ip-10-0-1-7");
    Ran noPool = run("bin/pacer drain --pool nosuch --agent ip-10-0-1-7");
    assertThat(noPool.exit()).isEqualTo(1);
    assertThat(noPool.out()).contains("drain refused (404): no pool nosuch");
  }

  @Test
  void theRunbooksPauseAndResumeAPoolByName() throws Exception {
    List<String> cmds = commands("agent-pools.md");
    String pause =
        cmds.stream().filter(c -> c.startsWith("bin/pacer pause --pool")).findFirst().orElseThrow();
    String resume =
        cmds.stream()
            .filter(c -> c.startsWith("bin/pacer resume --pool"))
            .findFirst()
            .orElseThrow();
    Ran paused = run(pause);
    assertThat(paused.exit()).as(paused.out()).isZero();
    assertThat(pausedScopes()).containsExactly("pool:scaling");
    Ran resumed = run(resume);
    assertThat(resumed.exit()).as(resumed.out()).isZero();
    assertThat(pausedScopes()).isEmpty();
  }
}
