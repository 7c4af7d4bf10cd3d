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
    // the autodeployer's approvals and votes in the control store: pacer.deploy.approval says them
    for (String scope : java.util.List.of("approval:3f2a9c1d", "vote:3f2a9c1d:alice")) {
      PacerEvent record =
          new PacerEvent(
              "a-" + scope, "pacer", "pacer.control.paused", "", t, Map.of("scope", scope));
      assertThat(JournalEntries.of(record)).as(scope).isEmpty();
    }
  }

  @TempDir Path dir;

  @Test
  void theFileGivesBackWhatWasRecordedSkipsATornLineAndIsCompactedWhenMostlyDead()
      throws IOException {
    Path path = dir.resolve("journal.jsonl");
    Journal j = new Journal(2, Duration.ofDays(7), clock);
    j.open(path, 400, false);
    for (int i = 6; i >= 1; i--) {
      j.record(entry("/shop/web", i, "pacer.scale.held", "e" + i));
    }
    // past 400 bytes with more than twice as many lines as live entries: rewritten
    assertThat(Files.readAllLines(path)).hasSizeBetween(2, 4);
    j.record(entry("/shop/api", 0, "pacer.scale.applied", "a0"));
    j.close();
    Files.writeString(path, "{\"kind\":\"app\",\"subj", java.nio.file.StandardOpenOption.APPEND);

    Journal back = new Journal(2, Duration.ofDays(7), clock);
    assertThat(back.open(path, 400, false)).as("the torn line").isEqualTo(1);
    assertThat(back.timeline(JournalEntry.APP, "/shop/web", 10))
        .containsExactly(
            entry("/shop/web", 1, "pacer.scale.held", "e1"),
            entry("/shop/web", 2, "pacer.scale.held", "e2"));
    assertThat(back.timeline(JournalEntry.APP, "/shop/api", 10)).hasSize(1);
    // appends go on after the cut torn line, and are read back too
    back.record(entry("/shop/api", 0, "pacer.scale.held", "a1"));
    back.close();
    Journal again = new Journal(2, Duration.ofDays(7), clock);
    assertThat(again.open(path, 400, false)).isZero();
    assertThat(again.timeline(JournalEntry.APP, "/shop/api", 10))
        .extracting(JournalEntry::eventId)
        .containsExactlyInAnyOrder("a0", "a1");
    again.close();
  }

  @Test
  void aFileOfTheEarlierVersionIsReadAndRewrittenAligned() throws IOException {
    Path path = dir.resolve("old.jsonl");
    // one line a JSON object, no padding: the first version's file
    StringBuilder old = new StringBuilder();
    for (int i = 3; i >= 1; i--) {
      old.append(FileStore.line(entry("/shop/web", i, "pacer.scale.held", "o" + i))).append('\n');
    }
    Files.writeString(path, old);
    Journal j = new Journal(10, Duration.ofDays(7), clock);
    assertThat(j.open(path, 1 << 20, false)).isZero();
    assertThat(j.timeline(JournalEntry.APP, "/shop/web", 10))
        .extracting(JournalEntry::eventId)
        .containsExactly("o1", "o2", "o3");
    j.close();
    long offset = 0;
    for (String line : Files.readAllLines(path)) {
      assertThat(offset % 8).isZero();
      offset += line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
    }
  }

  @Test
  void aFileInUseByAnotherJournalIsRefusedNotShared() throws IOException {
    Path path = dir.resolve("shared.jsonl");
    Journal first = new Journal(10, Duration.ofDays(7), clock);
    first.open(path, 1 << 20, false);
    Journal second = new Journal(10, Duration.ofDays(7), clock);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.open(path, 1 << 20, false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is in use by another Pacer");
    first.close();
    // released with the first: the next one takes it
    second.open(path, 1 << 20, false);
    second.close();
  }

  @Test
  void aKafkaJournalStartsFromAnEmptyFile() throws IOException {
    Path path = dir.resolve("kafka.jsonl");
    Files.writeString(path, FileStore.line(entry("/shop/web", 1, "pacer.scale.held", "x")) + "\n");
    Journal j = new Journal(10, Duration.ofDays(7), clock);
    j.open(path, 1 << 20, true);
    assertThat(j.size()).isZero();
    j.record(entry("/shop/web", 0, "pacer.scale.held", "y"));
    assertThat(j.timeline(JournalEntry.APP, "/shop/web", 10))
        .extracting(JournalEntry::eventId)
        .containsExactly("y");
    j.close();
  }

  /**
   * 24 hours of decisions on the injected clock: 10 apps, half deciding every 10 s (the per-subject
   * bound binds) and half every 30 s (the retention binds), every entry appended to the file as the
   * service does and the file compacted whenever it passes its limit. The journal stays within both
   * bounds all along, the file within its limit plus one line, and the file read back gives the
   * same journal.
   */
  @Test
  void aDayOfSyntheticLoadStaysWithinEveryBound() throws IOException {
    int apps = 10;
    int perSubject = 50;
    Duration retention = Duration.ofMinutes(20);
    long maxBytes = 1L << 20;
    Path path = dir.resolve("day.jsonl");
    Journal j = new Journal(perSubject, retention, clock);
    j.open(path, maxBytes, false);
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
        long before = Files.size(path);
        assertThat(j.record(e)).isTrue();
        recorded++;
        if (Files.size(path) < before) {
          compactions++;
        }
        largestFile = Math.max(largestFile, Files.size(path));
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
    // rewritten once past its limit with most of it dead: never much past the limit
    assertThat(largestFile).isLessThanOrEqualTo(maxBytes + 1024);
    List<List<JournalEntry>> before = new java.util.ArrayList<>();
    for (int a = 0; a < apps; a++) {
      before.add(j.timeline(JournalEntry.APP, "/load/app-" + a, 1000));
    }
    long size = j.size();
    j.close();
    Journal back = new Journal(perSubject, retention, clock);
    assertThat(back.open(path, maxBytes, false)).isZero();
    assertThat(back.size()).isEqualTo(size);
    for (int a = 0; a < apps; a++) {
      assertThat(back.timeline(JournalEntry.APP, "/load/app-" + a, 1000)).isEqualTo(before.get(a));
    }
    back.close();
  }
}
