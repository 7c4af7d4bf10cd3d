package dev.pacer.autodeployer.deploy;

import dev.pacer.autodeployer.ingest.ImagePush;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One app's deploy lane: at most one deploy in flight, and at most one push waiting, the newest.
 * Only touched on the autodeployer's event loop.
 */
final class AppLane {
  final String appId;
  boolean busy;
  boolean forceNext;
  ImagePush queued;
  String inFlightImage;
  String inFlightDeployment;
  Map<String, Object> last = Map.of();
  int retries;

  /**
   * While the pushed tag is not in the registry yet: what is asked again, since when, how often.
   */
  Map<String, Object> checking;

  /**
   * A push whose deploy failed on something passing (Marathon unreachable, a 5xx) and is being
   * delivered again: the image, the attempts, since when and the last error. Null otherwise.
   */
  Map<String, Object> retrying;

  /** Which lock wait is current; a stale wait's end must not free the lane. */
  int waitToken;

  AppLane(String appId) {
    this.appId = appId;
  }

  /** Keeps {@code push} if it is newer than the one waiting; says whether it was kept. */
  boolean offer(ImagePush push) {
    if (queued == null || push.pushedAt().isAfter(queued.pushedAt())) {
      queued = push;
      return true;
    }
    return false;
  }

  ImagePush take() {
    ImagePush p = queued;
    queued = null;
    return p;
  }

  /** The digests rolled back from this app lately, newest last (a few: a redelivery is soon). */
  private final java.util.Deque<String> rolledBack = new java.util.ArrayDeque<>();

  void rolledBack(String digest) {
    if (digest != null && !digest.isEmpty()) {
      rolledBack.remove(digest);
      rolledBack.addLast(digest);
      if (rolledBack.size() > 16) {
        rolledBack.removeFirst();
      }
    }
  }

  boolean wasRolledBack(String digest) {
    return !digest.isEmpty() && rolledBack.contains(digest);
  }

  /** What keeps the lane busy, in words, for the log line of a push that waits. */
  String doing() {
    if (inFlightImage != null) {
      return "deploying " + inFlightImage + " (deployment " + inFlightDeployment + ")";
    }
    if (checking != null) {
      return "waiting for " + checking.get("image") + " to show up in the registry";
    }
    if (inFlightDeployment != null) {
      return "waiting out someone else's deployment " + inFlightDeployment;
    }
    return "preparing a deploy";
  }

  void checking(String reference, int attempts, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", reference);
    m.put("since", checking == null ? now.toString() : checking.get("since"));
    m.put("checks", attempts);
    m.put("why", "the registry has no such tag yet; asking again");
    checking = m;
  }

  void checked() {
    checking = null;
  }

  void retrying(String reference, String error, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean same = retrying != null && reference.equals(retrying.get("image"));
    m.put("image", reference);
    m.put("since", same ? retrying.get("since") : now.toString());
    m.put("attempts", same ? (Integer) retrying.get("attempts") + 1 : 1);
    m.put("last-error", error);
    retrying = m;
  }

  void record(String outcome, String image, String reason, Instant at) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outcome", outcome);
    m.put("image", image);
    m.put("reason", reason);
    m.put("at", at.toString());
    last = m;
    retrying = null;
  }

  Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("last", last);
    if (inFlightImage != null) {
      s.put(
          "in-flight",
          Map.of("image", inFlightImage, "deployment", String.valueOf(inFlightDeployment)));
    }
    if (checking != null) {
      s.put("waiting-for-tag", checking);
    }
    if (retrying != null) {
      s.put("retrying", retrying);
    }
    if (queued != null) {
      s.put("queued", queued.reference());
    }
    return s;
  }
}
