package dev.pacer.agentscaler.bench;

import dev.pacer.agentscaler.plan.CapacityPlanner;
import dev.pacer.agentscaler.plan.Member;
import dev.pacer.agentscaler.plan.PoolDecision;
import dev.pacer.agentscaler.plan.PoolPolicy;
import dev.pacer.common.mesos.Agent;
import dev.pacer.common.mesos.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A compressed 24 h diurnal demand on a pool of up to 50 agents, one planner cycle every 30 s:
 * Pacer's planner against the oracle (the fewest agents that keep 20 % of every resource free at
 * every step, with no launch or drain delay) and a plain "target 80 % CPU" policy in the same run.
 * Demand has two shapes: CPU peaks in the evening, memory at night (batch jobs), so a CPU-only
 * policy misses the night. New agents take 4 min to register; a drain takes 2 min. Writes the
 * figures to stdout and a chart to {@code docs/agent-scaler-simulation.svg}.
 *
 * <p>{@code bin/bench pool-simulation}
 */
public final class PoolSimulation {
  static final Resources SIZE = new Resources(8, 32_000, 200_000);
  static final double TARGET = 0.20;
  static final int CYCLE_S = 30;
  static final int CYCLES = 24 * 3600 / CYCLE_S;
  static final int LAUNCH_CYCLES = 8; // 4 min
  static final int DRAIN_CYCLES = 4; // 2 min
  static final int MAX = 50;

  record Demand(double cpus, double mem) {}

  /** Demand at cycle c: CPU peaks at 18:00, memory with night batch jobs at 02:00-05:00. */
  static Demand demand(int c, Random noise) {
    double h = c * CYCLE_S / 3600.0;
    double cpu = 60 + 200 * Math.pow(Math.sin(Math.PI * Math.max(0, h - 6) / 18), 2);
    double mem = 250_000 + (h >= 2 && h < 5 ? 500_000 : 0) + 100_000 * Math.sin(Math.PI * h / 24);
    double n = 1 + 0.05 * noise.nextGaussian();
    return new Demand(cpu * n, mem * n);
  }

  static int oracle(Demand d) {
    return (int)
        Math.max(
            2,
            Math.ceil(
                Math.max(
                    d.cpus() / (SIZE.cpus() * (1 - TARGET)),
                    d.mem() / (SIZE.mem() * (1 - TARGET)))));
  }

  /** A pool that launches and drains with delays; a policy sets its target count. */
  static final class Pool {
    int serving;
    final List<Integer> launching = new ArrayList<>(); // cycles left
    final List<Integer> draining = new ArrayList<>();
    int actions;
    double agentSeconds;
    int belowTarget;
    int unplaced;

    Pool(int n) {
      serving = n;
    }

    void tick(Demand d) {
      launching.replaceAll(x -> x - 1);
      serving += (int) launching.stream().filter(x -> x <= 0).count();
      launching.removeIf(x -> x <= 0);
      draining.replaceAll(x -> x - 1);
      draining.removeIf(x -> x <= 0);
      agentSeconds += (serving + launching.size() + draining.size()) * (double) CYCLE_S;
      double free =
          Math.min(1 - d.cpus() / (serving * SIZE.cpus()), 1 - d.mem() / (serving * SIZE.mem()));
      if (free < TARGET - 1e-9) {
        belowTarget++;
      }
      if (free < 0) {
        unplaced++;
      }
    }

    void add(int n) {
      for (int i = 0; i < n; i++) {
        launching.add(LAUNCH_CYCLES);
      }
      actions++;
    }

    void remove(int n) {
      serving -= n;
      for (int i = 0; i < n; i++) {
        draining.add(DRAIN_CYCLES);
      }
      actions++;
    }
  }

  public static void main(String[] args) throws IOException {
    PoolPolicy policy = new PoolPolicy("scaling", TARGET, 0.05, 2, MAX, 5, 1, 0.30, SIZE, Set.of());
    Random noise = new Random(42);
    Pool pacer = new Pool(10);
    Pool cpu80 = new Pool(10);
    double oracleSeconds = 0;
    int oracleActions = 0;
    int lastOracle = -1;
    long lastDown = -1_000;
    long lastUp80 = -1_000;
    long lastDown80 = -1_000;
    StringBuilder series = new StringBuilder();
    List<double[]> points = new ArrayList<>();
    for (int c = 0; c < CYCLES; c++) {
      Demand d = demand(c, noise);
      int o = oracle(d);
      oracleSeconds += o * (double) CYCLE_S;
      if (o != lastOracle && lastOracle >= 0) {
        oracleActions++;
      }
      lastOracle = o;

      // Pacer: the planner on the pool as Mesos and the group would show it
      List<Member> members = new ArrayList<>();
      double perCpu = d.cpus() / Math.max(1, pacer.serving);
      double perMem = d.mem() / Math.max(1, pacer.serving);
      for (int i = 0; i < pacer.serving; i++) {
        Agent a =
            new Agent(
                "S" + i,
                "a" + i,
                "10.0.0." + i,
                Map.of(),
                SIZE,
                new Resources(Math.min(perCpu, SIZE.cpus()), Math.min(perMem, SIZE.mem()), 0),
                true,
                false,
                "",
                1);
        members.add(new Member("i-" + i, a));
      }
      for (int i = 0; i < pacer.launching.size(); i++) {
        members.add(new Member("i-new-" + i, null));
      }
      Resources queued =
          new Resources(
              Math.max(0, d.cpus() - pacer.serving * SIZE.cpus()),
              Math.max(0, d.mem() - pacer.serving * SIZE.mem()),
              0);
      PoolDecision decision = CapacityPlanner.plan(policy, members, queued, members.size());
      if (decision instanceof PoolDecision.ScaleUp up) {
        pacer.add(up.add());
      } else if (decision instanceof PoolDecision.ScaleIn in && c - lastDown >= 20) { // 10 min
        pacer.remove((int) in.victims().stream().filter(m -> !m.orphan()).count());
        lastDown = c;
      }

      // "target 80 % CPU": target tracking on CPU only, 5 min cooldowns, no drain
      double util = d.cpus() / (cpu80.serving * SIZE.cpus());
      int want = (int) Math.min(MAX, Math.max(2, Math.ceil(cpu80.serving * util / 0.8)));
      int have = cpu80.serving + cpu80.launching.size();
      if (want > have && c - lastUp80 >= 10) {
        cpu80.add(want - have);
        lastUp80 = c;
      } else if (want < cpu80.serving && cpu80.launching.isEmpty() && c - lastDown80 >= 10) {
        cpu80.serving -= cpu80.serving - want;
        cpu80.actions++;
        lastDown80 = c;
      }

      pacer.tick(d);
      cpu80.tick(d);
      if (c % 10 == 0) {
        double needCpu = d.cpus() / (SIZE.cpus() * (1 - TARGET));
        double needMem = d.mem() / (SIZE.mem() * (1 - TARGET));
        points.add(
            new double[] {c * CYCLE_S / 3600.0, needCpu, needMem, o, pacer.serving, cpu80.serving});
      }
    }
    String table =
        String.format(
            Locale.ROOT,
            "| policy | agent-hours | vs oracle | time below 20 %% free | time with unplaceable demand | scale actions |%n"
                + "|---|---|---|---|---|---|%n"
                + "| oracle (no delays) | %.0f | 1.00 | 0 %% | 0 %% | (follows demand: %d changes) |%n"
                + "| **Pacer** | %.0f | %.2f | %.1f %% | %.1f %% | %d |%n"
                + "| target 80 %% CPU | %.0f | %.2f | %.1f %% | %.1f %% | %d |%n",
            oracleSeconds / 3600,
            oracleActions,
            pacer.agentSeconds / 3600,
            pacer.agentSeconds / oracleSeconds,
            100.0 * pacer.belowTarget / CYCLES,
            100.0 * pacer.unplaced / CYCLES,
            pacer.actions,
            cpu80.agentSeconds / 3600,
            cpu80.agentSeconds / oracleSeconds,
            100.0 * cpu80.belowTarget / CYCLES,
            100.0 * cpu80.unplaced / CYCLES,
            cpu80.actions);
    System.out.print(table);
    Path out = Path.of(args.length > 0 ? args[0] : "docs/agent-scaler-simulation.svg");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, svg(points));
    System.out.println("chart: " + out);
  }

  static String svg(List<double[]> pts) {
    int w = 900;
    int h = 420;
    int left = 50;
    int bottom = 40;
    double xs = (w - left - 20) / 24.0;
    double ys = (h - bottom - 30) / (double) MAX;
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            w,
            h));
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    sb.append("<text x=\"")
        .append(left)
        .append(
            "\" y=\"18\" font-size=\"14\">Scaling pool over a compressed day: agents (8 cpus, 32 GB each)</text>\n");
    for (int a = 0; a <= MAX; a += 10) {
      double y = h - bottom - a * ys;
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"10\" y=\"%.1f\">%d</text>%n",
              left,
              w - 20,
              y,
              y,
              y + 4,
              a));
    }
    for (int hr = 0; hr <= 24; hr += 3) {
      double x = left + hr * xs;
      sb.append(
          String.format(
              Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%02d:00</text>%n", x - 15, h - 15, hr));
    }
    String[] names = {"needed for CPU", "needed for memory", "oracle", "Pacer", "target 80 % CPU"};
    String[] colors = {"#f4a259", "#8cb369", "#999999", "#1f77b4", "#d62728"};
    String[] dash = {"4,3", "4,3", "1,0", "1,0", "1,0"};
    for (int s = 1; s <= 5; s++) {
      StringBuilder path = new StringBuilder();
      for (double[] p : pts) {
        path.append(path.length() == 0 ? "M" : " L")
            .append(
                String.format(
                    Locale.ROOT,
                    "%.1f %.1f",
                    left + p[0] * xs,
                    h - bottom - Math.min(MAX, p[s]) * ys));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-dasharray=\"%s\"/>%n",
              path,
              colors[s - 1],
              s >= 4 ? "2" : "1.5",
              dash[s - 1]));
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
              w - 190,
              30 + s * 16,
              colors[s - 1],
              w - 172,
              35 + s * 16,
              names[s - 1]));
    }
    return sb.append("</svg>\n").toString();
  }
}
