package dev.pacer.common.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.testkit.Contracts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MesosStateTest {
  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String text) throws Exception {
    return new ObjectMapper().readValue(text, Map.class);
  }

  @Test
  void readsTheAgentOfTheVerbatimMasterState() throws Exception {
    List<Agent> agents =
        MesosState.agents(json(Contracts.text("mesos/master-state.marathon-fixture.v0.28.json")));
    assertThat(agents)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.id()).isEqualTo("32edd5ac-248e-437d-bc31-60ef6ece59ec-S0");
              assertThat(a.hostname()).isEqualTo("master");
              assertThat(a.ip()).isEqualTo("192.168.99.10");
              assertThat(a.total()).isEqualTo(new Resources(8, 5078, 52830));
              assertThat(a.used()).isEqualTo(new Resources(1, 128, 128));
              assertThat(a.active()).isTrue();
              assertThat(a.draining()).isFalse();
              assertThat(a.free()).isEqualTo(new Resources(7, 4950, 52702));
            });
    assertThat(
            MesosState.agents(json(Contracts.text("mesos/master-state.docs-example.v0.28.json"))))
        .isEmpty();
  }

  @Test
  void attributesDrainInfoAndRunningTasksPerAgent() throws Exception {
    String state =
        """
        {"slaves": [
          {"id": "S1", "hostname": "a1", "pid": "slave(1)@10.0.0.1:5051",
           "attributes": {"pool": "scaling", "rack": 3.0},
           "resources": {"cpus": 4, "mem": 8000, "disk": 1000, "ports": "[31000-32000]"},
           "used_resources": {"cpus": 1, "mem": 500, "disk": 0},
           "active": true, "deactivated": true,
           "drain_info": {"state": "DRAINING", "config": {"mark_gone": false}}},
          {"id": "S2", "hostname": "a2", "pid": "slave(1)@10.0.0.2:5051",
           "resources": {"cpus": 4, "mem": 8000, "disk": 1000},
           "used_resources": {"cpus": 0, "mem": 0, "disk": 0}, "active": false}
        ],
        "frameworks": [{"tasks": [
          {"slave_id": "S1", "state": "TASK_RUNNING"},
          {"slave_id": "S1", "state": "TASK_STAGING"},
          {"slave_id": "S1", "state": "TASK_FINISHED"},
          {"slave_id": "S2", "state": "TASK_LOST"}]}]}
        """;
    List<Agent> agents = MesosState.agents(json(state));
    assertThat(agents).extracting(Agent::id).containsExactly("S1", "S2");
    Agent a1 = agents.get(0);
    assertThat(a1.attributes()).containsEntry("pool", "scaling").containsEntry("rack", "3");
    assertThat(a1.drain()).isEqualTo("DRAINING");
    assertThat(a1.draining()).isTrue();
    assertThat(a1.tasks()).isEqualTo(2);
    assertThat(a1.load()).isEqualTo(0.25);
    assertThat(agents.get(1).active()).isFalse();
    assertThat(agents.get(1).tasks()).isZero();
  }
}
