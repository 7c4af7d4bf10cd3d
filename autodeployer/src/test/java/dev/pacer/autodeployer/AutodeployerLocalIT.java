package dev.pacer.autodeployer;

import java.util.Map;

/** The autodeployer end to end on the local (in-process) backbone. */
class AutodeployerLocalIT extends AutodeployerITBase {
  @Override
  Map<String, String> backend() {
    return Map.of("pacer.events.backend", "local");
  }
}
