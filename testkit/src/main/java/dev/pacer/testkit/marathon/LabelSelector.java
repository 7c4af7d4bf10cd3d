package dev.pacer.testkit.marathon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Marathon's {@code label=} selector: {@code k}, {@code k==v}, {@code k!=v}, {@code k in (a,b)},
 * {@code k notin (a,b)}; terms joined by commas (outside parentheses) must all hold.
 */
public final class LabelSelector {
  private LabelSelector() {}

  public static Predicate<Map<String, String>> parse(String selector) {
    List<Predicate<Map<String, String>>> terms = new ArrayList<>();
    for (String term : splitTopLevel(selector)) {
      terms.add(term(term.strip()));
    }
    return labels -> terms.stream().allMatch(t -> t.test(labels));
  }

  private static Predicate<Map<String, String>> term(String t) {
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty label selector term");
    }
    int eq = t.indexOf("==");
    if (eq > 0) {
      String k = t.substring(0, eq).strip();
      String v = t.substring(eq + 2).strip();
      return l -> v.equals(l.get(k));
    }
    int ne = t.indexOf("!=");
    if (ne > 0) {
      String k = t.substring(0, ne).strip();
      String v = t.substring(ne + 2).strip();
      return l -> !v.equals(l.get(k));
    }
    String[] parts = t.split("\\s+", 2);
    if (parts.length == 2) {
      String rest = parts[1].strip();
      boolean notIn = rest.startsWith("notin");
      boolean in = rest.startsWith("in");
      if (notIn || in) {
        String list = rest.substring(notIn ? 5 : 2).strip();
        if (!list.startsWith("(") || !list.endsWith(")")) {
          throw new IllegalArgumentException("expected (a,b) in label selector term: " + t);
        }
        Set<String> values = Set.of(list.substring(1, list.length() - 1).split("\\s*,\\s*"));
        String k = parts[0];
        return notIn ? l -> !values.contains(l.get(k)) : l -> values.contains(l.get(k));
      }
      throw new IllegalArgumentException("cannot parse label selector term: " + t);
    }
    return l -> l.containsKey(t);
  }

  private static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }
}
