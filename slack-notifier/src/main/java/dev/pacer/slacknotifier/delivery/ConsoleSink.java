package dev.pacer.slacknotifier.delivery;

import dev.pacer.slacknotifier.format.SlackMessage;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints each message instead of posting it: what {@code pacer demo} shows, and what runs when no
 * Slack token or webhook is configured. Updates and replies are printed as such.
 */
public final class ConsoleSink implements SlackSink {
  private final PrintStream out;
  private final AtomicLong ts = new AtomicLong();

  public ConsoleSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public String mode() {
    return "console";
  }

  @Override
  public boolean updatesInPlace() {
    return true;
  }

  @Override
  public Outcome post(String channel, SlackMessage m, String threadTs) {
    String id = "console-" + ts.incrementAndGet();
    print(channel + (threadTs == null ? "" : " thread " + threadTs) + " " + id, m);
    return new Outcome.Posted(channel, id);
  }

  @Override
  public Outcome update(String channelId, String ts, SlackMessage m) {
    print(channelId + " update of " + ts, m);
    return new Outcome.Posted(channelId, ts);
  }

  private void print(String where, SlackMessage m) {
    StringBuilder sb = new StringBuilder("[slack ").append(where).append("] ").append(m.text());
    for (Map<String, Object> b : m.blocks()) {
      for (String line : texts(b)) {
        sb.append("\n    | ").append(line.replace("\n", "\n    | "));
      }
    }
    synchronized (out) {
      out.println(sb);
      out.flush();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(Map<String, Object> block) {
    Object text = block.get("text");
    if (text instanceof Map<?, ?> t) {
      return List.of(String.valueOf(t.get("text")));
    }
    Object many = block.containsKey("fields") ? block.get("fields") : block.get("elements");
    if (many instanceof List<?> l) {
      return List.of(
          String.join(
              " · ",
              l.stream()
                  .map(
                      o -> String.valueOf(((Map<String, Object>) o).get("text")).replace('\n', ' '))
                  .toList()));
    }
    return List.of();
  }
}
