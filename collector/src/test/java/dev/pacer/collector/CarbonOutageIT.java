package dev.pacer.collector;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.pacer.testkit.mesos.MesosAgentSimulator;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Carbon away while the collector runs: a relay in front of the real carbon goes down and comes
 * back on the same port.
 */
class CarbonOutageIT extends CollectorITBase {
  /**
   * A TCP relay in front of the real carbon that can go down (its port refuses, its connections
   * close) and come back on the same port.
   */
  private final class CarbonRelay {
    private final java.util.List<io.vertx.core.net.NetSocket> open =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    private io.vertx.core.net.NetServer server;
    private int port;

    void up() {
      server =
          vertx.createNetServer(new io.vertx.core.net.NetServerOptions().setReuseAddress(true));
      server.connectHandler(
          in -> {
            in.pause(); // nothing read before carbon's side is there to take it
            open.add(in);
            vertx
                .createNetClient()
                .connect(graphite.linePort(), "127.0.0.1")
                .onSuccess(
                    out -> {
                      in.pipeTo(out);
                      out.pipeTo(in);
                    });
          });
      port = result(server.listen(port, "127.0.0.1")).actualPort();
    }

    void down() {
      open.forEach(io.vertx.core.net.NetSocket::close);
      open.clear();
      result(server.close());
    }
  }

  @Test
  void whileCarbonIsDownPointsWaitUpToTheBoundTheOldestDroppedAndCountedThenTheRestAreWritten()
      throws Exception {
    MesosAgentSimulator a = agent("ip-a");
    task(master, a, "ip-a", "down_web.instance-d1._app.1", 1.0, 160 * MIB);
    a.cpu("down_web.instance-d1._app.1", 0.5);
    a.rss("down_web.instance-d1._app.1", 80 * MIB);
    CarbonRelay carbon = new CarbonRelay();
    carbon.up();
    // a cycle writes 7 points (4 of the app from its second cycle on, 4 of the pool; 1 instances
    // and 4 pool points in its first): at most 12 wait
    startPacer(
        Map.of(
            "pacer.collector.carbon", "127.0.0.1:" + carbon.port, "pacer.collector.buffer", "12"));
    cycle(Duration.ofMillis(1));
    await().until(() -> served(prefix + ".down.web.instances").isPresent());

    carbon.down();
    await()
        .until(
            () ->
                !pacer
                    .status()
                    .getJsonObject("collector")
                    .getJsonObject("carbon")
                    .getBoolean("connected"));
    // 30 s of cycles while carbon is away: 3 × 8 points, 12 kept
    for (int i = 0; i < 3; i++) {
      a.cpu("down_web.instance-d1._app.1", 0.1 * (i + 1));
      cycle(Duration.ofSeconds(10));
    }
    JsonObject away = pacer.status().getJsonObject("collector").getJsonObject("carbon");
    assertThat(away.getInteger("buffered")).isEqualTo(12);
    assertThat(away.getLong("dropped")).isEqualTo(3 * 8 - 12);
    assertThat(pacer.get("/metrics")).contains("pacer_collector_points_dropped_total 12.0");
    assertThat(
            pacer
                .status()
                .getJsonObject("collector")
                .getJsonObject("carbon")
                .getString("last-error"))
        .contains("carbon");

    carbon.up();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                pacer
                        .status()
                        .getJsonObject("collector")
                        .getJsonObject("carbon")
                        .getInteger("buffered")
                    == 0);
    // the newest 12 were the last cycle-and-a-half: the last cycle's rate (0.3 cores of 1.1) is
    // there
    double last = 0.3 / 1.1;
    assertThat(awaitServed(prefix + ".down.web.cpu_util")).isCloseTo(last, within(last * 1e-9));
    // the first two outage cycles' rates (0.1 and 0.2 cores) were among the oldest: dropped
    assertThat(values(prefix + ".down.web.cpu_util"))
        .singleElement()
        .satisfies(v -> assertThat(v).isCloseTo(last, within(last * 1e-9)));
  }
}
