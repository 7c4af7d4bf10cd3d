package dev.pacer.autoscaler.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code target} parameters of one render request, and the series name each query's answer
 * comes back under. graphite-web evaluates every target separately (a find, a read, a CarbonLink
 * query), and wrapping one in {@code alias()} about doubles its cost, so:
 *
 * <ul>
 *   <li>plain metric paths (the seed's {@code mesos.marathon.${id}.cpu_util}) of the same depth are
 *       merged into one target with {@code {a,b,…}} per component that varies, and come back under
 *       their own path (measured on graphite-web 1.1.8: 100 paths in 0.11 s, against 0.21 s as 100
 *       targets and 0.45 s as 100 aliased targets);
 *   <li>anything else (functions, wildcards) is wrapped in {@code alias(<target>, "pacer#<n>")}, so
 *       its series comes back under a name no metric path can have.
 * </ul>
 *
 * A merged target can match paths nobody asked for (when two components vary); those series are not
 * looked up, so they are ignored. Pure.
 */
final class RenderTargets {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_:\\-]+(\\.[A-Za-z0-9_:\\-]+)*");

  private final List<String> targets = new ArrayList<>();
  private final List<String> keys = new ArrayList<>();

  RenderTargets(List<MetricQuery> batch) {
    Map<Integer, List<String[]>> plainByDepth = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      String t = batch.get(i).target();
      if (PLAIN.matcher(t).matches()) {
        keys.add(t);
        String[] parts = t.split("\\.");
        plainByDepth.computeIfAbsent(parts.length, n -> new ArrayList<>()).add(parts);
      } else {
        String key = "pacer#" + i;
        keys.add(key);
        targets.add("alias(" + t + ",\"" + key + "\")");
      }
    }
    plainByDepth.forEach((depth, paths) -> targets.add(merge(depth, paths)));
  }

  private static String merge(int depth, List<String[]> paths) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < depth; c++) {
      Set<String> values = new LinkedHashSet<>();
      for (String[] p : paths) {
        values.add(p[c]);
      }
      if (c > 0) {
        b.append('.');
      }
      b.append(
          values.size() == 1 ? values.iterator().next() : "{" + String.join(",", values) + "}");
    }
    return b.toString();
  }

  /** The {@code target} parameters to send. */
  List<String> targets() {
    return targets;
  }

  /** The series name the answer for query {@code i} of the batch comes back under. */
  String key(int i) {
    return keys.get(i);
  }
}
