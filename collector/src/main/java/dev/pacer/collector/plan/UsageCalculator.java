package dev.pacer.collector.plan;

import dev.pacer.common.marathon.AppIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * From each cycle's samples, the points to write: per app {@code cpu_used} (cores in use, Σ over
 * its containers of Δ(user + system CPU seconds) / Δ(the agent's timestamp)), {@code cpu_util}
 * ({@code cpu_used} / Σ {@code cpus_limit}), {@code mem_util} (Σ {@code mem_rss_bytes} / Σ {@code
 * mem_limit_bytes}) and {@code instances} (tasks sampled); per pool its allocation. Holds the
 * previous sample of each container between cycles, and nothing else. Pure.
 *
 * <p>Never a value that was not measured: a container seen once has no rate yet; one whose counter
 * went down (a reset) has none this cycle; an app with no sampled task gets no point at all (a 0
 * would read as an idle app); when more than {@code maxMissing} of the agents did not answer, only
 * the apps whose every task was sampled get points. What was not written, and why, is in {@link
 * Cycle#held()}.
 */
public final class UsageCalculator {
  /** Paths are {@code <prefix>.<app metric id>.<metric>} and {@code <poolPrefix>.<pool>.<name>}. */
  public record Settings(String prefix, String poolPrefix, double maxMissing) {}

  public record Point(String path, double value) {}

  /**
   * One cycle's outcome: the points, the agents read and those that did not answer (by name),
   * whether too many were missing and whether that is news ({@code sayDegraded}: it just started,
   * or the missing agents changed), and each point not written with its reason.
   */
  public record Cycle(
      List<Point> points,
      int agentsRead,
      List<String> agentsFailed,
      int appsWritten,
      boolean degraded,
      boolean sayDegraded,
      Map<String, String> held) {}

  private record Previous(String agentId, double timestamp, double cpuSecs) {}

  private record Rate(double cores, String why) {}

  private final Settings settings;
  private final Map<String, Previous> previous = new HashMap<>();
  // the missing agents last said degraded, or none while not degraded
  private List<String> missingSaid = List.of();

  public UsageCalculator(Settings settings) {
    this.settings = settings;
  }

  /** How many containers' previous samples are held. */
  public int remembered() {
    return previous.size();
  }

  public Cycle cycle(List<MarathonTask> tasks, List<AgentRead> reads, List<PoolUsage> pools) {
    List<String> failed = new ArrayList<>();
    Map<String, String> failedAgents = new HashMap<>();
    Map<String, ContainerSample> samples = new HashMap<>();
    Map<String, Rate> rates = new HashMap<>();
    for (AgentRead r : reads) {
      if (!r.ok()) {
        failed.add(r.name());
        failedAgents.put(r.agentId(), r.name());
        continue;
      }
      for (ContainerSample s : r.samples()) {
        samples.put(s.executorId(), s);
        rates.put(s.executorId(), rate(r.agentId(), s));
      }
    }
    // what no answering agent listed any more is gone; what a silent agent ran may come back
    previous
        .entrySet()
        .removeIf(
            e ->
                !samples.containsKey(e.getKey())
                    && !failedAgents.containsKey(e.getValue().agentId()));
    boolean degraded =
        !reads.isEmpty() && (double) failed.size() / reads.size() > settings.maxMissing();
    boolean sayDegraded = degraded && !failed.equals(missingSaid);
    missingSaid = degraded ? List.copyOf(failed) : List.of();

    Map<String, List<MarathonTask>> byApp = new TreeMap<>();
    for (MarathonTask t : tasks) {
      byApp.computeIfAbsent(t.appId(), k -> new ArrayList<>()).add(t);
    }
    List<Point> points = new ArrayList<>();
    Map<String, String> held = new LinkedHashMap<>();
    int written = 0;
    for (Map.Entry<String, List<MarathonTask>> app : byApp.entrySet()) {
      String base = settings.prefix() + "." + AppIds.metricId(app.getKey()) + ".";
      List<MarathonTask> sampled = new ArrayList<>();
      Set<String> silent = new java.util.TreeSet<>();
      for (MarathonTask t : app.getValue()) {
        if (samples.containsKey(t.executorId())) {
          sampled.add(t);
        } else if (failedAgents.containsKey(t.agentId())) {
          silent.add(failedAgents.get(t.agentId()));
        }
      }
      int all = app.getValue().size();
      if (sampled.isEmpty()) {
        held.put(
            base + "*",
            silent.isEmpty()
                ? "none of its " + all + " task(s) sampled (no container listed)"
                : "none of its " + all + " task(s) sampled: " + silent + " did not answer");
        continue;
      }
      if (degraded && sampled.size() < all) {
        held.put(
            base + "*",
            sampled.size()
                + " of its "
                + all
                + " tasks sampled while more than "
                + settings.maxMissing()
                + " of the agents did not answer");
        continue;
      }
      written++;
      points.add(new Point(base + "instances", sampled.size()));
      appCpu(base, sampled, samples, rates, points, held);
      appMemory(base, sampled, samples, points, held);
    }
    for (PoolUsage p : pools) {
      String base = settings.poolPrefix() + "." + p.pool() + ".";
      points.add(new Point(base + "cpus_total", p.cpusTotal()));
      points.add(new Point(base + "cpus_used", p.cpusUsed()));
      points.add(new Point(base + "mem_total", p.memTotal()));
      points.add(new Point(base + "mem_used", p.memUsed()));
    }
    return new Cycle(
        points, reads.size() - failed.size(), failed, written, degraded, sayDegraded, held);
  }

  private void appCpu(
      String base,
      List<MarathonTask> sampled,
      Map<String, ContainerSample> samples,
      Map<String, Rate> rates,
      List<Point> points,
      Map<String, String> held) {
    double used = 0;
    double limit = 0;
    int measured = 0;
    Set<String> why = new java.util.TreeSet<>();
    for (MarathonTask t : sampled) {
      Rate r = rates.get(t.executorId());
      double l = samples.get(t.executorId()).cpusLimit();
      if (r.why() != null) {
        why.add(r.why());
      } else if (!(l > 0)) {
        why.add("no cpus_limit");
      } else {
        used += r.cores();
        limit += l;
        measured++;
      }
    }
    if (measured == 0) {
      held.put(base + "cpu_util", "no rate yet: " + String.join(", ", why));
      return;
    }
    points.add(new Point(base + "cpu_used", used));
    points.add(new Point(base + "cpu_util", used / limit));
  }

  private static void appMemory(
      String base,
      List<MarathonTask> sampled,
      Map<String, ContainerSample> samples,
      List<Point> points,
      Map<String, String> held) {
    double rss = 0;
    double limit = 0;
    int measured = 0;
    for (MarathonTask t : sampled) {
      ContainerSample s = samples.get(t.executorId());
      if (!Double.isNaN(s.memRss()) && s.memLimit() > 0) {
        rss += s.memRss();
        limit += s.memLimit();
        measured++;
      }
    }
    if (measured == 0) {
      held.put(base + "mem_util", "no container reports mem_rss_bytes and mem_limit_bytes");
      return;
    }
    points.add(new Point(base + "mem_util", rss / limit));
  }

  /** The container's cores in use since its previous sample, or why there is no such rate. */
  private Rate rate(String agentId, ContainerSample s) {
    if (Double.isNaN(s.cpuSecs())) {
      previous.remove(s.executorId());
      return new Rate(Double.NaN, "no CPU counters");
    }
    Previous p = previous.get(s.executorId());
    if (p != null && s.timestamp() <= p.timestamp()) {
      return new Rate(Double.NaN, "no new sample since the last cycle"); // keeps the older one
    }
    previous.put(s.executorId(), new Previous(agentId, s.timestamp(), s.cpuSecs()));
    if (p == null) {
      return new Rate(Double.NaN, "first sample");
    }
    if (s.cpuSecs() < p.cpuSecs()) {
      return new Rate(Double.NaN, "counter reset");
    }
    return new Rate((s.cpuSecs() - p.cpuSecs()) / (s.timestamp() - p.timestamp()), null);
  }

  /** The executors whose previous sample is held (for tests and /status). */
  Set<String> rememberedExecutors() {
    return new HashSet<>(previous.keySet());
  }
}
