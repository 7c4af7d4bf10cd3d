package dev.pacer.common.ha;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.common.control.Pause;
import dev.pacer.common.control.PauseBook;
import dev.pacer.testkit.servers.ZooKeeper;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pauses of an HA Pacer in a real ZooKeeper, seen by two replicas' books. */
class ZooKeeperPausesIT {
  static ZooKeeper zk;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    zk = ZooKeeper.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    result(vertx.close());
    zk.close();
  }

  static CuratorFramework client() {
    CuratorFramework c =
        CuratorFrameworkFactory.newClient(zk.connectString(), new RetryOneTime(100));
    c.start();
    return c;
  }

  static Pause pause(String scope, Instant at) {
    return new Pause(scope, at, at.plus(Duration.ofHours(1)), "incident", "ops");
  }

  /** An approval's record (a record with data) reads back whole on another replica. */
  @Test
  void aRecordsDataIsKeptForEveryReplica() {
    try (CuratorFramework c1 = client();
        CuratorFramework c2 = client()) {
      ZooKeeperPauses one = new ZooKeeperPauses(c1, "/it-data");
      ZooKeeperPauses two = new ZooKeeperPauses(c2, "/it-data");
      PauseBook book2 = new PauseBook();
      result(one.start(vertx, new PauseBook()));
      result(two.start(vertx, book2));
      Instant t0 = Instant.parse("2026-12-04T10:00:00Z");
      Pause approval =
          new Pause(
              "approval:3f2a9c1d",
              t0,
              t0.plus(Duration.ofHours(25)),
              "deploy r.io/shop/web:2 to /shop/web",
              "pacer-autodeployer",
              java.util.Map.of("app", "/shop/web", "needed", "2", "digest", "sha256:b"));
      result(one.put(vertx, approval));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> book2.get("approval:3f2a9c1d").isPresent());
      assertThat(book2.get("approval:3f2a9c1d")).contains(approval);
      assertThat(book2.scoped("approval:")).containsExactly(approval);
      one.close();
      two.close();
    }
  }

  @Test
  void aPauseWrittenByOneReplicaIsInEveryBookAndOnlyItsOwnEndLiftsIt() {
    try (CuratorFramework c1 = client();
        CuratorFramework c2 = client()) {
      ZooKeeperPauses one = new ZooKeeperPauses(c1, "/it-ends");
      ZooKeeperPauses two = new ZooKeeperPauses(c2, "/it-ends");
      PauseBook book1 = new PauseBook();
      PauseBook book2 = new PauseBook();
      result(one.start(vertx, book1));
      result(two.start(vertx, book2));

      Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
      Pause first = pause("/shop/web", t0);
      result(one.put(vertx, first));
      await().atMost(Duration.ofSeconds(10)).until(() -> book2.get("/shop/web").isPresent());
      assertThat(book2.get("/shop/web")).contains(first);

      // A newer pause of the same scope replaces it; the first one's late end lifts nothing.
      Pause newer = pause("/shop/web", t0.plusSeconds(60));
      result(two.put(vertx, newer));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> book1.get("/shop/web").equals(java.util.Optional.of(newer)));
      assertThat(result(one.end(vertx, first))).isFalse();
      assertThat(book2.get("/shop/web")).contains(newer);

      // Its own end lifts it, everywhere; ending it again is a no-op.
      assertThat(result(one.end(vertx, newer))).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> book2.get("/shop/web").isEmpty());
      assertThat(book1.get("/shop/web")).isEmpty();
      assertThat(result(two.end(vertx, newer))).isFalse();
      one.close();
      two.close();
    }
  }

  @Test
  void aReplicaStartedLaterReadsEveryPauseScopeBack() {
    Instant t0 = Instant.parse("2026-11-22T11:00:00Z");
    try (CuratorFramework c = client()) {
      ZooKeeperPauses writer = new ZooKeeperPauses(c, "/it-restart");
      result(writer.start(vertx, new PauseBook()));
      for (String scope : new String[] {"/a/b", Pause.GLOBAL, Pause.POOL_PREFIX + "scaling"}) {
        result(writer.put(vertx, pause(scope, t0)));
      }
      writer.close();
    }
    try (CuratorFramework c = client()) {
      ZooKeeperPauses reader = new ZooKeeperPauses(c, "/it-restart");
      PauseBook book = new PauseBook();
      result(reader.start(vertx, book));
      assertThat(book.all())
          .extracting(Pause::scope)
          .containsExactly(Pause.GLOBAL, "/a/b", Pause.POOL_PREFIX + "scaling");
      reader.close();
    }
  }
}
