package dev.pacer.common.mesos;

import static dev.pacer.testkit.Await.failure;
import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.json.JsonLists;
import dev.pacer.testkit.Contracts;
import dev.pacer.testkit.mesos.MesosMasterSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Mesos master client against the Mesos master simulator, over HTTP. */
class MesosMasterIT {
  final Vertx vertx = Vertx.vertx();
  final MesosMasterSimulator leader = result(MesosMasterSimulator.start(vertx));
  final MesosMasterSimulator standby = result(MesosMasterSimulator.start(vertx));

  @AfterEach
  void close() {
    result(vertx.close());
  }

  MesosMaster client() {
    standby.standbyOf(URI.create(leader.url()).getAuthority());
    return new MesosMaster(
        vertx, List.of(URI.create(standby.url()), URI.create(leader.url())), Duration.ofSeconds(5));
  }

  static JsonObject machine(String host, String ip) {
    return new JsonObject().put("hostname", host).put("ip", ip);
  }

  static JsonObject window(JsonObject... machines) {
    return new JsonObject()
        .put("machine_ids", new JsonArray(List.of((Object[]) machines)))
        .put(
            "unavailability",
            new JsonObject()
                .put("start", new JsonObject().put("nanoseconds", 1443830400000000000L)));
  }

  @Test
  void findsTheLeaderThroughAStandbysRedirectAndReadsTheAgents() {
    leader.addAgent("a1", "10.0.0.1", Map.of("pool", "scaling"), 8, 32_000, 100_000);
    leader.addTask("a1", "web.1", 1.5, 1_024, 10);
    MesosMaster m = client();
    assertThat(result(m.leader())).isEqualTo(URI.create(leader.url()));
    List<Agent> agents = MesosState.agents(result(m.state()));
    assertThat(agents)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.hostname()).isEqualTo("a1");
              assertThat(a.ip()).isEqualTo("10.0.0.1");
              assertThat(a.attributes()).containsEntry("pool", "scaling");
              assertThat(a.used()).isEqualTo(new Resources(1.5, 1_024, 10));
              assertThat(a.tasks()).isEqualTo(1);
            });
    assertThat(standby.requests()).containsExactly("GET /redirect 307");
  }

  @Test
  void theScheduleIsReadModifiedAndWrittenSoOtherWindowsStay() {
    MesosMaster m = client();
    // an operator's window, put there by hand
    JsonObject theirs =
        new JsonObject(Contracts.text("mesos/maintenance-schedule.post-body.example.json"));
    result(m.updateSchedule(s -> theirs));
    result(
        m.updateSchedule(s -> JsonLists.append(s, "windows", window(machine("a1", "10.0.0.1")))));
    JsonArray windows = leader.schedule().getJsonArray("windows");
    assertThat(windows).hasSize(3);
    assertThat(windows.encode()).contains("machine1").contains("machine3").contains("\"a1\"");
    assertThat(result(m.maintenanceStatus()).getJsonArray("draining_machines").encode())
        .contains("\"a1\"");
  }

  @Test
  void aMachineGoesDownOnlyFromTheScheduleAndUpTakesItOut() {
    leader.addAgent("a1", "10.0.0.1", Map.of("pool", "scaling"), 8, 32_000, 100_000);
    MesosMaster m = client();
    JsonArray a1 = new JsonArray().add(machine("a1", "10.0.0.1"));
    Throwable refused = failure(m.machinesDown(a1));
    assertThat(refused).isInstanceOf(MesosMaster.MesosException.class);
    assertThat(((MesosMaster.MesosException) refused).status()).isEqualTo(400);
    assertThat(refused).hasMessageContaining("not part of a maintenance schedule");

    result(
        m.updateSchedule(
            s -> s.put("windows", new JsonArray().add(window(machine("a1", "10.0.0.1"))))));
    result(m.machinesDown(a1));
    assertThat(MesosState.agents(result(m.state()))).isEmpty();
    // a DOWN machine must stay in the schedule
    assertThat(failure(m.updateSchedule(s -> new JsonObject().put("windows", new JsonArray()))))
        .hasMessageContaining("is DOWN and must remain in the schedule");

    result(m.machinesUp(a1));
    // Mesos leaves empty lists out: an empty schedule is {}
    assertThat(leader.schedule().encode()).isEqualTo("{}");
    assertThat(leader.downMachines()).isEmpty();
  }

  @Test
  void noReachableMasterIsAClearError() {
    MesosMaster m =
        new MesosMaster(vertx, List.of(URI.create("http://127.0.0.1:1")), Duration.ofSeconds(2));
    assertThat(failure(m.state())).hasMessageContaining("no Mesos master told the leader");
  }
}
