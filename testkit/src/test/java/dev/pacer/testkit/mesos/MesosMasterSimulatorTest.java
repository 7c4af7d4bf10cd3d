package dev.pacer.testkit.mesos;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.OverHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Mesos master simulator held to contracts §5: protobuf-rendered answers leave every empty list
 * out (an empty schedule is {@code {}}), and {@code {}} is a schedule Mesos accepts.
 */
class MesosMasterSimulatorTest extends OverHttp {
  final MesosMasterSimulator mesos = result(MesosMasterSimulator.start(vertx));

  HttpResponse<Buffer> call(HttpMethod m, String path, String body) {
    var req = http.requestAbs(m, mesos.url() + path);
    return result(body == null ? req.send() : req.sendBuffer(Buffer.buffer(body)));
  }

  @Test
  void anEmptyScheduleIsAnEmptyObjectAsMesosRendersItNotAnEmptyWindowsList() {
    assertThat(call(HttpMethod.GET, "/master/maintenance/schedule", null).bodyAsString())
        .isEqualTo("{}");
    assertThat(call(HttpMethod.GET, "/master/maintenance/status", null).bodyAsString())
        .isEqualTo("{}");
    // Mesos's own tests clear the schedule by posting {}
    assertThat(call(HttpMethod.POST, "/master/maintenance/schedule", "{}").statusCode())
        .isEqualTo(200);
    assertThat(
            call(HttpMethod.POST, "/master/maintenance/schedule", "{\"windows\": 3}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void noProtobufAnswerEverCarriesAnEmptyListThroughADrainsWholeLife() {
    mesos.addAgent("a1", "10.0.0.1", Map.of("pool", "scaling"), 8, 32_000, 100_000);
    String machine = "[{\"hostname\":\"a1\",\"ip\":\"10.0.0.1\"}]";
    String window =
        "{\"windows\":[{\"machine_ids\":"
            + machine
            + ",\"unavailability\":{\"start\":{\"nanoseconds\":1}}}]}";
    List<JsonObject> seen = new ArrayList<>();
    assertThat(call(HttpMethod.POST, "/master/maintenance/schedule", window).statusCode())
        .isEqualTo(200);
    JsonObject draining =
        call(HttpMethod.GET, "/master/maintenance/status", null).bodyAsJsonObject();
    seen.add(draining);
    assertThat(draining.fieldNames()).containsExactly("draining_machines");
    // no inverse offer answered yet: the machine's statuses are left out, not []
    assertThat(draining.getJsonArray("draining_machines").getJsonObject(0).fieldNames())
        .containsExactly("id");
    assertThat(call(HttpMethod.POST, "/master/machine/down", machine).statusCode()).isEqualTo(200);
    JsonObject down = call(HttpMethod.GET, "/master/maintenance/status", null).bodyAsJsonObject();
    seen.add(down);
    assertThat(down.fieldNames()).containsExactly("down_machines");
    seen.add(call(HttpMethod.GET, "/master/maintenance/schedule", null).bodyAsJsonObject());
    assertThat(call(HttpMethod.POST, "/master/machine/up", machine).statusCode()).isEqualTo(200);
    assertThat(call(HttpMethod.GET, "/master/maintenance/schedule", null).bodyAsString())
        .isEqualTo("{}");
    assertThat(mesos.schedule()).isEqualTo(new JsonObject());
    assertThat(call(HttpMethod.GET, "/master/maintenance/status", null).bodyAsString())
        .isEqualTo("{}");
    assertThat(seen).allSatisfy(o -> assertThat(emptyLists(o, "")).isEmpty());
  }

  /** Paths of every empty array in {@code v}. */
  static List<String> emptyLists(Object v, String path) {
    List<String> out = new ArrayList<>();
    if (v instanceof JsonObject o) {
      o.forEach(e -> out.addAll(emptyLists(e.getValue(), path + "." + e.getKey())));
    } else if (v instanceof JsonArray a) {
      if (a.isEmpty()) {
        out.add(path);
      }
      for (int i = 0; i < a.size(); i++) {
        out.addAll(emptyLists(a.getValue(i), path + "[" + i + "]"));
      }
    }
    return out;
  }
}
