package dev.pacer.autoscaler.backtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The summary table, one row per policy (and {@code actual} when known), with the columns {@code
 * policy}, {@code actions}, {@code flaps}, {@code above-band}, {@code below-band}, {@code held},
 * {@code instance-hours}; and the ranking of policies, best first: fewest flaps, then least time
 * above the band, then fewest instance-hours. Pure.
 */
public final class SummaryTable {
  public static final List<String> COLUMNS =
      List.of("policy", "actions", "flaps", "above-band", "below-band", "held", "instance-hours");

  /** Best first. */
  public static final Comparator<Summary> RANKING =
      Comparator.comparingInt(Summary::flaps)
          .thenComparing(Summary::aboveBand)
          .thenComparingDouble(Summary::instanceHours);

  private SummaryTable() {}

  /** A row's cells, in {@link #COLUMNS}' order. */
  public static List<String> cells(String name, Summary s) {
    return List.of(
        name,
        String.valueOf(s.actions()),
        String.valueOf(s.flaps()),
        Times.human(s.aboveBand()),
        Times.human(s.belowBand()),
        Times.human(s.held()),
        String.format(Locale.ROOT, "%.2f", s.instanceHours()));
  }

  /** The table as text: a header, then the rows, columns apart by two spaces, left-aligned. */
  public static String render(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] width = new int[header.size()];
    for (List<String> r : all) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (List<String> r : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        line.append(r.get(i));
        if (i < r.size() - 1) {
          line.append(" ".repeat(width[i] - r.get(i).length() + 2));
        }
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }
}
