package dev.pacer.launcher;

import java.util.Map;

/** Approvals on the local backbone: the state file keeps them. */
class ApprovalsLocalIT extends ApprovalsITBase {
  @Override
  Map<String, String> backend() {
    return Map.of("pacer.events.backend", "local");
  }
}
