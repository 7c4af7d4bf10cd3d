package dev.pacer.testkit.marathon;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** One app the simulated Marathon holds: its definition, versions, tasks and last failure. */
final class SimApp {
  static final int MAX_VERSIONS = 50;

  JsonObject definition;
  // Marathon keeps a bounded number of versions per app (--max_versions); so does the simulator,
  // or a long load run's heap grows with every deploy.
  final Map<String, JsonObject> versions =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
          return size() > MAX_VERSIONS;
        }
      };
  JsonArray tasks = new JsonArray();
  // Set when a deployment fails, as Marathon records the task failure that failed it.
  JsonObject lastTaskFailure;
}
