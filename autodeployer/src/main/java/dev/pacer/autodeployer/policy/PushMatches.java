package dev.pacer.autodeployer.policy;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.common.events.types.PushMatched;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a push matched, for the decision journal: the apps whose pattern matched it, and the
 * patterns that came nearest among the others (those it stopped matching latest). Pure.
 */
public final class PushMatches {
  private PushMatches() {}

  public static PushMatched of(ImagePush push, List<WatchedApp> matched, List<WatchedApp> all) {
    Set<String> ids = matched.stream().map(WatchedApp::appId).collect(Collectors.toSet());
    List<PushMatched.NearMiss> nearest =
        all.stream()
            .filter(w -> !ids.contains(w.appId()))
            .map(
                w -> {
                  ImagePattern p = w.policy().pattern();
                  return new PushMatched.NearMiss(
                      w.appId(),
                      p.text(),
                      p.compared(push.host(), push.repository(), push.tag()),
                      p.stopsAt(push.host(), push.repository(), push.tag()));
                })
            .sorted(
                Comparator.comparingInt(PushMatched.NearMiss::at)
                    .reversed()
                    .thenComparing(PushMatched.NearMiss::app))
            .limit(PushMatched.MAX_NEAREST)
            .toList();
    return new PushMatched(
        push.reference(),
        push.digest().isEmpty() ? null : push.digest(),
        matched.stream().map(WatchedApp::appId).toList(),
        nearest);
  }
}
