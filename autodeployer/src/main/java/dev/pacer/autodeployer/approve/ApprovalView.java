package dev.pacer.autodeployer.approve;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An approval as {@code GET /approvals} lists it and a vote's answer shows it. Pure. */
final class ApprovalView {
  private ApprovalView() {}

  static Map<String, Object> of(Approval a, List<Vote> votes, String state, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("app", a.app());
    m.put("image", a.image());
    m.put("previous-image", a.previous());
    m.put("state", state);
    m.put("needed", a.needed());
    m.put("approvals", votes.stream().filter(Vote::approves).count());
    List<Map<String, Object>> vs = new ArrayList<>();
    for (Vote v : votes) {
      Map<String, Object> vm = new LinkedHashMap<>();
      vm.put("who", v.who());
      vm.put("name", v.name());
      vm.put("vote", v.vote());
      vm.put("via", v.via());
      vm.put("at", v.at().toString());
      vm.put("reason", v.reason());
      vs.add(vm);
    }
    m.put("votes", vs);
    m.put("created", a.created().toString());
    m.put("deadline", a.deadline().toString());
    m.put("expires-in-seconds", Math.max(0, Duration.between(now, a.deadline()).toSeconds()));
    m.put("digest", a.push().digest());
    m.put("pushed-at", a.push().pushedAt().toString());
    m.put("reason", a.reason());
    return m;
  }
}
