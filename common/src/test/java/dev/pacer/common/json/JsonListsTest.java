package dev.pacer.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonListsTest {
  @Test
  void anAbsentANullAndAWronglyTypedListAllReadAsEmpty() {
    assertThat(JsonLists.array(new JsonObject(), "windows")).isEmpty();
    assertThat(JsonLists.array(new JsonObject().putNull("windows"), "windows")).isEmpty();
    assertThat(JsonLists.array(new JsonObject().put("windows", 3), "windows")).isEmpty();
    assertThat(JsonLists.array(null, "windows")).isEmpty();
    assertThat(JsonLists.objects(new JsonObject("{}"), "down_machines")).isEmpty();
    assertThat(JsonLists.list(Map.of(), "slaves")).isEmpty();
    assertThat(JsonLists.list(Map.of("slaves", "x"), "slaves")).isEmpty();
  }

  @Test
  void objectsKeepsTheObjectsAndSkipsTheRest() {
    JsonObject o =
        new JsonObject("{\"m\": [{\"hostname\": \"a\"}, 1, null, {\"hostname\": \"b\"}]}");
    assertThat(JsonLists.objects(o, "m"))
        .extracting(j -> j.getString("hostname"))
        .containsExactly("a", "b");
    assertThat(JsonLists.list(Map.of("l", List.of(1, 2)), "l")).isEqualTo(List.of(1, 2));
  }

  @Test
  void appendCreatesTheListMesosLeftOutAndKeepsWhatWasThere() {
    // GET /master/maintenance/schedule with no schedule answers {}
    JsonObject empty = new JsonObject("{}");
    assertThat(JsonLists.append(empty, "windows", new JsonObject().put("w", 1)).encode())
        .isEqualTo("{\"windows\":[{\"w\":1}]}");
    JsonObject one = new JsonObject().put("windows", new JsonArray().add("a"));
    assertThat(JsonLists.append(one, "windows", "b").getJsonArray("windows"))
        .containsExactly("a", "b");
  }
}
