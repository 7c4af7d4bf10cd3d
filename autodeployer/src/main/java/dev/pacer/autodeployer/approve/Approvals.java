package dev.pacer.autodeployer.approve;

import dev.pacer.autodeployer.ingest.ImagePush;
import dev.pacer.autodeployer.plan.ApprovalGate;
import dev.pacer.common.control.ControlStore;
import dev.pacer.common.control.Pause;
import dev.pacer.common.control.PauseView;
import dev.pacer.common.events.types.DeployApproval;
import dev.pacer.common.events.types.DeployEvent;
import dev.pacer.common.events.types.EventData;
import dev.pacer.common.time.Scheduler;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approvals of pushes to apps whose label asks for them. The lane asks for one ({@link
 * #request}); votes come from any replica ({@link #vote}) and are stored at once, each its own
 * record; the leader decides every second ({@link #tick}): the first rejection ends the approval,
 * so do its deadline and a newer push to the app (superseded); enough approvals store it as
 * approved and hand its push to the lane, which says when it is done with it ({@link #settle}).
 * Every change is one {@code pacer.deploy.approval} event, which Slack turns into one message per
 * approval. A rejected or expired push is quarantined for the app, so neither a redelivery nor the
 * backstop's poll asks again; a newer image asks anew. Everything lives in the control store: a
 * restart or a failover finds the approvals and votes as they were, and an approved push not yet
 * deployed is handed to the lane again (deployed already, its lane says so and it ends).
 */
public final class Approvals {
  private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);

  /** Where the approvals' events go: {@code pacer.actions}, keyed by app id. */
  public interface Publisher {
    Future<Void> publish(String appId, EventData data);
  }

  /** What became of a vote: an HTTP status, and the approval as it stands or why not. */
  public record Outcome(int status, String error, Map<String, Object> approval) {
    static Outcome refused(int status, String error) {
      return new Outcome(status, error, Map.of());
    }
  }

  private final ControlStore store;
  private final PauseView view;
  private final Publisher events;
  private final Scheduler scheduler;
  private volatile Consumer<Approval> deploy = a -> {};
  // Approvals whose change is being written (one at a time each), and approved ones handed to the
  // lane by this process (after a restart they are handed again).
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final Set<String> handed = ConcurrentHashMap.newKeySet();
  private final Map<String, String> ended =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> e) {
              return size() > 1_000;
            }
          });

  public Approvals(ControlStore store, PauseView view, Publisher events, Scheduler scheduler) {
    this.store = store;
    this.view = view;
    this.events = events;
    this.scheduler = scheduler;
  }

  /** Where an approved push goes: the app's lane. */
  public void deployTo(Consumer<Approval> lane) {
    this.deploy = lane;
  }

  /** Every approval the store holds, oldest first; a record that is not one is logged, skipped. */
  public List<Approval> all() {
    List<Approval> out = new ArrayList<>();
    for (Pause r : view.scoped(Pause.APPROVAL_PREFIX)) {
      try {
        out.add(Approval.of(r));
      } catch (IllegalArgumentException e) {
        LOG.warn("approval record {} ignored: {}", r.scope(), e.getMessage());
      }
    }
    return out;
  }

  public Optional<Approval> get(String id) {
    return all().stream().filter(a -> a.id().equals(id)).findFirst();
  }

  /** The votes on approval {@code id}, oldest first. */
  public List<Vote> votes(String id) {
    List<Vote> out = new ArrayList<>();
    for (Pause r : view.scoped(Vote.prefix(id))) {
      try {
        out.add(Vote.of(r));
      } catch (IllegalArgumentException e) {
        LOG.warn("vote record {} ignored: {}", r.scope(), e.getMessage());
      }
    }
    return out;
  }

  /** The approval the app's pushes wait for now (the newest pending one), for the lane. */
  public ApprovalGate.Awaiting awaiting(String appId) {
    return all().stream()
        .filter(a -> a.app().equals(appId) && !a.approved())
        .max(Comparator.comparing(Approval::created))
        .map(a -> new ApprovalGate.Awaiting(a.id(), a.push()))
        .orElse(null);
  }

  /**
   * Asks for an approval of {@code push} to {@code appId}: stored, then said ({@code pending});
   * then the approval it supersedes, if any, ends.
   */
  public Future<Void> request(
      String appId,
      ImagePush push,
      String image,
      String previous,
      String reason,
      int needed,
      Duration deadline,
      String supersedes) {
    Instant now = scheduler.now();
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Approval a =
        new Approval(
            id, appId, push, image, previous, reason, needed, now, now.plus(deadline), false);
    return store
        .put(a.record(now))
        .compose(v -> say(a, DeployApproval.PENDING, List.of(), null))
        .onSuccess(v -> LOG.info("app={} approval {} asked for {}", appId, id, image))
        .onFailure(
            e ->
                LOG.error(
                    "app={} approval of {} not stored, the push is not deployed: {}",
                    appId,
                    image,
                    e.toString()))
        .compose(
            v -> {
              Approval old = supersedes == null ? null : get(supersedes).orElse(null);
              return old == null || old.approved()
                  ? Future.succeededFuture()
                  : end(old, DeployApproval.SUPERSEDED, push.reference(), null);
            });
  }

  /**
   * One person's vote. Refused: an unknown or ended approval (404, 410), a deadline passed (410), a
   * second vote of the same person (409); 503 when it could not be stored.
   */
  public Future<Outcome> vote(
      String id, String who, String choice, String via, String name, String reason) {
    Approval a = get(id).orElse(null);
    if (a == null) {
      String how = ended.get(id);
      return Future.succeededFuture(
          how == null
              ? Outcome.refused(404, "no approval " + id + " (pacer approvals lists them)")
              : Outcome.refused(410, "approval " + id + " has ended: " + how));
    }
    Instant now = scheduler.now();
    if (a.approved()) {
      return Future.succeededFuture(
          Outcome.refused(410, "approval " + id + " has its votes already: it deploys"));
    }
    if (!now.isBefore(a.deadline())) {
      return Future.succeededFuture(
          Outcome.refused(410, "approval " + id + " is past its deadline (" + a.deadline() + ")"));
    }
    List<Vote> votes = votes(id);
    Optional<Vote> mine = votes.stream().filter(v -> v.who().equals(who)).findFirst();
    if (mine.isPresent()) {
      return Future.succeededFuture(
          Outcome.refused(
              409,
              who
                  + " voted on approval "
                  + id
                  + " already ("
                  + mine.get().vote()
                  + " at "
                  + mine.get().at()
                  + "): one vote each"));
    }
    Vote v = new Vote(id, who, choice, via, name, now, reason);
    List<Vote> after = new ArrayList<>(votes);
    after.add(v);
    return store
        .put(v.record(a.record(now).until()))
        .map(
            x -> {
              LOG.info("app={} approval {}: {} by {} ({})", a.app(), id, choice, who, via);
              say(a, DeployApproval.PENDING, after, null);
              return new Outcome(200, "", ApprovalView.of(a, after, DeployApproval.PENDING, now));
            })
        .recover(
            e ->
                Future.succeededFuture(
                    Outcome.refused(503, "vote not recorded: " + e.getMessage())));
  }

  /**
   * Decides every approval (the leader, every second): a rejection, enough approvals, the deadline,
   * or a newer approval of the same app; hands the approved ones to their lanes.
   */
  public void tick() {
    Instant now = scheduler.now();
    List<Approval> all = all();
    Map<String, Approval> newest = new LinkedHashMap<>();
    for (Approval a : all) {
      if (!a.approved()) {
        newest.merge(a.app(), a, (x, y) -> y.created().isAfter(x.created()) ? y : x);
      }
    }
    for (Approval a : all) {
      if (!busy.add(a.id())) {
        continue; // its last change is being written
      }
      Future<Void> done;
      try {
        done = decide(a, newest.get(a.app()), now);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onComplete(
          ar -> {
            busy.remove(a.id());
            if (ar.failed()) {
              LOG.warn(
                  "app={} approval {}: {} (tried again)", a.app(), a.id(), ar.cause().toString());
            }
          });
    }
  }

  private Future<Void> decide(Approval a, Approval newest, Instant now) {
    if (a.approved()) {
      if (handed.add(a.id())) {
        deploy.accept(a);
      }
      return Future.succeededFuture();
    }
    if (newest != null && newest != a && newest.created().isAfter(a.created())) {
      return end(a, DeployApproval.SUPERSEDED, newest.push().reference(), null);
    }
    List<Vote> votes = votes(a.id());
    Optional<Vote> no = votes.stream().filter(v -> !v.approves()).findFirst();
    if (no.isPresent()) {
      Vote v = no.get();
      return end(
          a,
          DeployApproval.REJECTED,
          null,
          "rejected by " + shown(v) + (v.reason().isEmpty() ? "" : ": " + v.reason()));
    }
    long yes = votes.stream().filter(Vote::approves).count();
    if (yes >= a.needed()) {
      Approval approved = a.approve();
      return store
          .put(approved.record(now))
          .compose(v -> say(approved, DeployApproval.APPROVED, votes, null))
          .onSuccess(
              v -> {
                LOG.info("app={} approval {}: approved, deploys {}", a.app(), a.id(), a.image());
                if (handed.add(a.id())) {
                  deploy.accept(approved);
                }
              });
    }
    if (!now.isBefore(a.deadline())) {
      return end(
          a,
          DeployApproval.EXPIRED,
          null,
          "no decision by its deadline " + a.deadline() + " (" + yes + " of " + a.needed() + ")");
    }
    return Future.succeededFuture();
  }

  /** Carries out a lane's {@code RequestApproval} or {@code SettleApproval}. */
  public void carryOut(String appId, dev.pacer.autodeployer.plan.LaneEffect effect) {
    if (effect instanceof dev.pacer.autodeployer.plan.LaneEffect.RequestApproval q) {
      request(
          appId,
          q.push(),
          q.image(),
          q.previous(),
          q.reason(),
          q.needed(),
          q.deadline(),
          q.supersedes());
    } else if (effect instanceof dev.pacer.autodeployer.plan.LaneEffect.SettleApproval q) {
      settle(q.id(), q.outcome())
          .onFailure(
              e -> {
                // handed to the lane again by the next tick: it says again what became of it
                handed.remove(q.id());
                LOG.warn("app={} approval {} not ended, tried again: {}", appId, q.id(), e);
              });
    }
  }

  /**
   * The lane is done with the push approval {@code id} let through ({@code outcome}: deployed, or
   * why not): the approval and its votes leave the store.
   */
  public Future<Void> settle(String id, String outcome) {
    Pause r = view.get(Pause.APPROVAL_PREFIX + id).orElse(null);
    if (r == null) {
      handed.remove(id);
      return Future.succeededFuture();
    }
    return store
        .end(r, Approval.WHO, outcome)
        .onSuccess(
            v -> {
              handed.remove(id);
              ended.put(id, "approved; " + outcome);
              endVotes(id, outcome);
              LOG.info("approval {} done: {}", id, outcome);
            });
  }

  /**
   * Ends a pending approval as {@code state}: the record leaves the store, then it is said, then
   * (rejected, expired) its image is quarantined for the app with {@code quarantine}'s reason.
   */
  private Future<Void> end(Approval a, String state, String supersededBy, String quarantine) {
    List<Vote> votes = votes(a.id());
    Instant now = scheduler.now();
    String why =
        DeployApproval.SUPERSEDED.equals(state) ? "superseded by " + supersededBy : quarantine;
    return store
        .end(a.record(now), Approval.WHO, state + ": " + why)
        .compose(
            v -> {
              ended.put(a.id(), state + " (" + why + ")");
              endVotes(a.id(), state);
              LOG.info("app={} approval {} {}: {}", a.app(), a.id(), state, why);
              return say(a, state, votes, supersededBy, why);
            })
        .compose(
            v ->
                quarantine == null
                    ? Future.<Void>succeededFuture()
                    : store.quarantine(a.app(), a.push().digest(), quarantine, Approval.WHO));
  }

  private void endVotes(String id, String why) {
    for (Pause r : view.scoped(Vote.prefix(id))) {
      store
          .end(r, Approval.WHO, why)
          .onFailure(e -> LOG.debug("vote {} left to expire: {}", r.scope(), e.toString()));
    }
  }

  /** Publishes the approval's {@code pacer.deploy.approval}; a failure is logged, not thrown. */
  private Future<Void> say(Approval a, String state, List<Vote> votes, String supersededBy) {
    return say(a, state, votes, supersededBy, null);
  }

  /** As {@link #say}, with {@code why} it ended as the event's reason (null: why it deploys). */
  private Future<Void> say(
      Approval a, String state, List<Vote> votes, String supersededBy, String why) {
    return events
        .publish(a.app(), event(a, state, votes, supersededBy, why))
        .recover(
            e -> {
              LOG.error(
                  "app={} approval {} {} not published: {}", a.app(), a.id(), state, e.toString());
              return Future.succeededFuture();
            });
  }

  static DeployApproval event(
      Approval a, String state, List<Vote> votes, String supersededBy, String why) {
    ImagePush p = a.push();
    return new DeployApproval(
        new DeployEvent.Facts(
            a.image(),
            a.previous(),
            null,
            p.id(),
            p.digest().isEmpty() ? null : p.digest(),
            p.pushedAt(),
            p.source(),
            why == null ? a.reason() : why),
        a.id(),
        state,
        a.needed(),
        a.deadline(),
        votes.stream().map(Vote::event).toList(),
        supersededBy);
  }

  private static String shown(Vote v) {
    return v.name().isEmpty() ? v.who() : v.name();
  }

  /** Every approval, as {@code GET /approvals} lists them. */
  public List<Map<String, Object>> list() {
    Instant now = scheduler.now();
    return all().stream()
        .map(
            a ->
                ApprovalView.of(
                    a,
                    votes(a.id()),
                    a.approved() ? DeployApproval.APPROVED : DeployApproval.PENDING,
                    now))
        .toList();
  }
}
