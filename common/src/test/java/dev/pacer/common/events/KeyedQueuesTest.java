package dev.pacer.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyedQueuesTest {

  @Test
  void aKeysNextItemIsReadyOnlyAfterItsHeadSucceeded() {
    KeyedQueues<String> q = new KeyedQueues<>();
    q.add("a", "a1");
    q.add("a", "a2");
    q.add("b", "b1");
    assertThat(q.nextReady()).isEqualTo("a");
    assertThat(q.nextReady()).isEqualTo("b");
    assertThat(q.hasReady()).as("a2 waits for a1").isFalse();
    assertThat(q.failed("a")).isEqualTo(1);
    assertThat(q.failed("a")).isEqualTo(2);
    q.retry("a");
    assertThat(q.nextReady()).isEqualTo("a");
    assertThat(q.head("a")).as("a failed head comes again").isEqualTo("a1");
    q.succeeded("a");
    assertThat(q.nextReady()).isEqualTo("a");
    assertThat(q.head("a")).isEqualTo("a2");
    assertThat(q.failed("a")).as("attempts start over for the next item").isEqualTo(1);
    assertThat(q.size()).isEqualTo(2);
  }

  @Test
  void removingQueuedItemsNeverTakesAHeadWhichMayBeRunning() {
    KeyedQueues<String> q = new KeyedQueues<>();
    q.add("a", "x1");
    q.add("a", "x2");
    q.add("a", "y3");
    q.add("b", "x4");
    assertThat(q.removeQueuedIf(s -> s.startsWith("x"))).isEqualTo(1);
    assertThat(q.size()).isEqualTo(3);
    q.dropHead("a");
    assertThat(q.head("a")).isEqualTo("y3");
    q.dropHead("a");
    assertThat(q.head("a")).isNull();
    assertThat(q.size()).isEqualTo(1);
  }
}
