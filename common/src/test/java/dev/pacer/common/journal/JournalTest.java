package dev.pacer.common.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.common.events.PacerEvent;
import dev.pacer.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T10:00:00Z"));

  JournalEntry entry(String subject, int minutesAgo, String type, String id) {
    return new JournalEntry(
        JournalEntry.APP,
        subject,
        clock.instant().minus(Duration.ofMinutes(minutesAgo)),
        type,
        id,
        Map.of("instances", minutesAgo));
  }

  @Test
  void aTimelineIsNewestFirstAndBoundedPerSubject() {
    Journal j = new Journal(3, Duration.ofDays(7), clock);
    for (int i = 5; i >= 1; i--) {
      j.record(entry("/shop/web", i, "pacer.scale.held", "e" + i));
    }
    j.record(entry("/shop/api", 1, "pacer.scale.applied", "a1"));

    assertThat(j.timeline(JournalEntry.APP, "/shop/web", 10))
        .extracting(JournalEntry::eventId)
        .containsExactly("e1", "e2", "e3");
    assertThat(j.timeline(JournalEntry.APP, "/shop/web", 2)).hasSize(2);
    assertThat(j.timeline(JournalEntry.APP, "/shop/api", 10)).hasSize(1);
    assertThat(j.timeline(JournalEntry.POOL, "/shop/web", 10)).isEmpty();
    assertThat(j.size()).isEqualTo(4);
  }

  @Test
  void anEventRecordedTwiceIsOneEntryAndALateOneTakesItsPlace() {
    Journal j = new Journal(10, Duration.ofDays(7), clock);
    assertThat(j.record(entry("/shop/web", 3, "pacer.scale.held", "x"))).isTrue();
    assertThat(j.record(entry("/shop/web", 3, "pacer.scale.held", "x"))).isFalse();
    j.record(entry("/shop/web", 1, "pacer.scale.applied", "y"));
    j.record(entry("/shop/web", 2, "pacer.deploy.started", "late"));

    assertThat(j.timeline(JournalEntry.APP, "/shop/web", 10))
        .extracting(JournalEntry::eventId)
        .containsExactly("y", "late", "x");
  }

  @Test
  void nothingOlderThanTheRetentionStays() {
    Journal j = new Journal(100, Duration.ofHours(1), clock);
    assertThat(j.record(entry("/shop/web", 90, "pacer.scale.held", "old"))).isFalse();
    j.record(entry("/shop/web", 30, "pacer.scale.held", "a"));
    j.record(entry("/shop/web", 10, "pacer.scale.held", "b"));

    clock.advance(Duration.ofMinutes(40));

    assertThat(j.timeline(JournalEntry.APP, "/shop/web", 10))
        .extracting(JournalEntry::eventId)
        .containsExactly("b");
    clock.advance(Duration.ofMinutes(60));
    j.expireAll();
    assertThat(j.size()).isZero();
    assertThat(j.subjects()).isZero();
  }

  @Test
  void eventsGoToTheTimelinesOfTheirSubjects() {
    Instant t = clock.instant();
    PacerEvent deploy =
        new PacerEvent(
            "d1", "pacer", "pacer.deploy.succeeded", "/shop/web", t, Map.of("image", "acme/web:2"));
    PacerEvent pool = new PacerEvent("p1", "pacer", "pacer.agents.held", "scaling", t, Map.of());
    PacerEvent pause =
        new PacerEvent(
            "c1", "pacer", "pacer.control.paused", "", t, Map.of("scope", "pool:scaling"));
    PacerEvent global =
        new PacerEvent("c2", "pacer", "pacer.control.paused", "", t, Map.of("scope", "global"));
    PacerEvent relayed =
        new PacerEvent(
            "m1", "pacer", "pacer.marathon.deployment_success", "/shop/web", t, Map.of());

    assertThat(JournalEntries.of(deploy))
        .extracting(JournalEntry::key)
        .containsExactly("app:/shop/web", "image:acme/web:2");
    assertThat(JournalEntries.of(pool))
        .extracting(JournalEntry::key)
        .containsExactly("pool:scaling");
    assertThat(JournalEntries.of(pause))
        .extracting(JournalEntry::key)
        .containsExactly("pool:scaling");
    assertThat(JournalEntries.of(global))
        .extracting(JournalEntry::key)
        .containsExactly("global:global");
    assertThat(JournalEntries.of(relayed)).isEmpty();
  }

  @TempDir Path dir;

  @Test
  void theFileGivesBackWhatWasRecordedSkipsATornLineAndCompactsToTheJournal() throws IOException {
    Path path = dir.resolve("journal.jsonl");
    JournalFile file = new JournalFile(path, 400);
    Journal j = new Journal(2, Duration.ofDays(7), clock);
    boolean over = false;
    for (int i = 4; i >= 1; i--) {
      JournalEntry e = entry("/shop/web", i, "pacer.scale.held", "e" + i);
      j.record(e);
      over |= file.append(e);
    }
    file.close();
    Files.writeString(path, "{\"kind\":\"app\",\"subj", java.nio.file.StandardOpenOption.APPEND);

    List<JournalEntry> back = new JournalFile(path, 400).load();
    JournalFile reread = new JournalFile(path, 400);
    reread.load();

    assertThat(back).extracting(JournalEntry::eventId).containsExactly("e4", "e3", "e2", "e1");
    assertThat(back.get(0)).isEqualTo(entry("/shop/web", 4, "pacer.scale.held", "e4"));
    assertThat(reread.skipped()).isEqualTo(1);
    assertThat(over).as("four entries are past 400 bytes").isTrue();

    file.compact(j.all());
    assertThat(new JournalFile(path, 400).load())
        .extracting(JournalEntry::eventId)
        .containsExactly("e2", "e1");
  }

  /**
   * 24 hours of decisions on the injected clock: 40 apps, half deciding every 10 s (the per-subject
   * bound binds) and half every 30 s (the retention binds), every entry appended to the file as the
   * service does and the file compacted whenever it passes its limit. The journal stays within both
   * bounds all along, the file within its limit plus one line, and the file read back gives the
   * same journal.
   */
  @Test
  void aDayOfSyntheticLoadStaysWithinEveryBound() throws IOException {
    int apps = 40;
    int perSubject = 50;
    Duration retention = Duration.ofMinutes(20);
    long maxBytes = 1L << 20;
    Journal j = new Journal(perSubject, retention, clock);
    JournalFile file = new JournalFile(dir.resolve("day.jsonl"), maxBytes);
    long largestFile = 0;
    int recorded = 0;
    int compactions = 0;
    for (int tick = 1; tick <= 24 * 360; tick++) {
      clock.advance(Duration.ofSeconds(10));
      for (int a = 0; a < apps; a++) {
        if (a % 2 == 0 && tick % 3 != 0) {
          continue;
        }
        JournalEntry e =
            new JournalEntry(
                JournalEntry.APP,
                "/load/app-" + a,
                clock.instant(),
                tick % 4 == 0 ? "pacer.scale.applied" : "pacer.scale.held",
                "ev-" + tick + "-" + a,
                Map.of("instances", 2 + tick % 5, "value", (tick * 7 + a) % 100 / 100.0));
        assertThat(j.record(e)).isTrue();
        recorded++;
        if (file.append(e)) {
          file.compact(j.all());
          compactions++;
        }
        largestFile = Math.max(largestFile, Files.size(file.path()));
      }
      if (tick % 60 == 0) { // the service's sweep, every 10 minutes
        j.expireAll();
      }
      assertThat(j.size()).isLessThanOrEqualTo((long) apps * perSubject);
    }
    assertThat(recorded).isEqualTo(24 * 360 * apps / 2 + 24 * 120 * apps / 2);
    assertThat(compactions).isGreaterThan(5);
    j.expireAll();
    Instant oldest = clock.instant().minus(retention);
    for (int a = 0; a < apps; a++) {
      List<JournalEntry> t = j.timeline(JournalEntry.APP, "/load/app-" + a, 1000);
      assertThat(t.get(0).at()).isEqualTo(clock.instant());
      assertThat(t).allSatisfy(e -> assertThat(e.at()).isAfterOrEqualTo(oldest));
      // every 10 s: the last 50; every 30 s: the last 20 minutes' (41, both ends included)
      assertThat(t).hasSize(a % 2 == 0 ? 41 : perSubject);
    }
    assertThat(largestFile).isLessThanOrEqualTo(maxBytes + 1024);
    file.compact(j.all());
    file.close();
    Journal back = new Journal(perSubject, retention, clock);
    new JournalFile(dir.resolve("day.jsonl"), maxBytes).load().forEach(back::record);
    assertThat(back.size()).isEqualTo(j.size());
    for (int a = 0; a < apps; a++) {
      assertThat(back.timeline(JournalEntry.APP, "/load/app-" + a, 1000))
          .isEqualTo(j.timeline(JournalEntry.APP, "/load/app-" + a, 1000));
    }
  }
}
