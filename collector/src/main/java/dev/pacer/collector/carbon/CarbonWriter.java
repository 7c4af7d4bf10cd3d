package dev.pacer.collector.carbon;

import dev.pacer.common.retry.Backoff;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes points to carbon's plaintext receiver (contracts, "Feeding carbon"): one {@code path value
 * epochSeconds\n} line a point, the value with every digit a double has ({@link Double#toString}),
 * batched into writes of at most {@value #BATCH_BYTES} bytes. Lines wait in a buffer of at most
 * {@code capacity} points while carbon is away; when it is full the oldest are dropped and counted.
 * A closed or failed connection is opened again with backoff. Carbon closes the connection on a
 * line over 16,384 bytes, losing what followed: such a line is never sent (counted as dropped).
 * Carbon acknowledges nothing, so a point is "written" once the socket took it. Runs on the context
 * of its first {@link #write}.
 */
public final class CarbonWriter {
  private static final Logger LOG = LoggerFactory.getLogger(CarbonWriter.class);
  static final int BATCH_BYTES = 64 * 1024;
  static final int MAX_LINE = 16_384;

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final int capacity;
  private final Backoff backoff;
  private final NetClient client;
  private final ArrayDeque<String> buffer = new ArrayDeque<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private NetSocket socket;
  private boolean connecting;
  private boolean closed;
  private int failures;
  private long retryTimer = -1;
  private volatile String lastError;
  private volatile boolean connected;

  public CarbonWriter(Vertx vertx, String host, int port, int capacity, Backoff backoff) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.capacity = capacity;
    this.backoff = backoff;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000));
  }

  /** Queues the points at {@code epochSeconds} and sends what the connection takes. */
  public void write(Map<String, Double> points, long epochSeconds) {
    for (Map.Entry<String, Double> p : points.entrySet()) {
      String line = p.getKey() + " " + p.getValue() + " " + epochSeconds + "\n";
      if (line.length() > MAX_LINE || p.getKey().contains(" ")) {
        dropped.incrementAndGet();
        continue;
      }
      if (buffer.size() >= capacity) {
        buffer.poll();
        dropped.incrementAndGet();
      }
      buffer.add(line);
    }
    flush();
  }

  private void flush() {
    if (closed) {
      return;
    }
    if (socket == null) {
      connect();
      return;
    }
    while (!buffer.isEmpty() && !socket.writeQueueFull()) {
      StringBuilder batch = new StringBuilder();
      int n = 0;
      while (!buffer.isEmpty() && batch.length() + buffer.peek().length() <= BATCH_BYTES) {
        batch.append(buffer.poll());
        n++;
      }
      int lines = n;
      socket
          .write(Buffer.buffer(batch.toString().getBytes(StandardCharsets.UTF_8)))
          .onSuccess(v -> written.addAndGet(lines));
    }
    if (!buffer.isEmpty()) {
      socket.drainHandler(v -> flush());
    }
  }

  private void connect() {
    if (connecting || closed || retryTimer >= 0) {
      return;
    }
    connecting = true;
    client
        .connect(port, host)
        .onComplete(
            ar -> {
              connecting = false;
              if (ar.failed()) {
                lost(
                    "cannot connect to carbon "
                        + host
                        + ":"
                        + port
                        + ": "
                        + ar.cause().getMessage());
                return;
              }
              NetSocket s = ar.result();
              if (closed) {
                s.close();
                return;
              }
              socket = s;
              connected = true;
              failures = 0;
              s.handler(b -> {}); // carbon says nothing
              s.closeHandler(v -> lost("carbon " + host + ":" + port + " closed the connection"));
              s.exceptionHandler(e -> lost("carbon " + host + ":" + port + ": " + e.getMessage()));
              LOG.info("carbon {}:{} connected; {} points waiting", host, port, buffer.size());
              flush();
            });
  }

  private void lost(String why) {
    if (socket != null) {
      socket = null;
    }
    connected = false;
    lastError = why;
    if (closed) {
      return;
    }
    failures++;
    long delay = backoff.delayMillis(failures);
    if (failures == 1) {
      LOG.warn("{}; reconnecting in {} ms, points buffered (at most {})", why, delay, capacity);
    }
    if (retryTimer < 0) {
      retryTimer =
          vertx.setTimer(
              delay,
              t -> {
                retryTimer = -1;
                connect();
              });
    }
  }

  public long written() {
    return written.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public int buffered() {
    return buffer.size();
  }

  public boolean connected() {
    return connected;
  }

  /** For {@code /status}: connected, buffered, written, dropped, the last error. */
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("carbon", host + ":" + port);
    s.put("connected", connected);
    s.put("buffered", buffer.size());
    s.put("written", written.get());
    s.put("dropped", dropped.get());
    if (lastError != null) {
      s.put("last-error", lastError);
    }
    return s;
  }

  public io.vertx.core.Future<Void> close() {
    closed = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    NetSocket s = socket;
    socket = null;
    return (s == null ? io.vertx.core.Future.<Void>succeededFuture() : s.close())
        .eventually(client::close);
  }
}
