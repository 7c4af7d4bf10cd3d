package dev.pacer.autodeployer.policy;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.semver4j.Semver;

/**
 * Which tags an app takes and which of two is newer: the {@code autodeploy} label's {@code policy}.
 *
 * <ul>
 *   <li>{@code glob} (the default, today's meaning): every tag the pattern matches; newer is pushed
 *       later, which the planner judges by push time, not here.
 *   <li>{@code semver} with a {@code range} in npm's syntax ({@code ^2.3}, {@code ~1.4}, {@code
 *       >=1.2 <2}): tags that are versions inside the range (a leading {@code v} is allowed;
 *       pre-releases only when the range names one); newer is the higher version.
 *   <li>{@code numerical} and {@code alphabetical} with {@code tags}, a regex the tag must match,
 *       and {@code extract}, what of it to compare ({@code $ts} or {@code ${ts}} for a named group,
 *       {@code $1} for a numbered one; default the whole tag): newer is the greater number, or the
 *       later string.
 * </ul>
 *
 * {@code ignore} globs take tags out whatever the policy. Keel (semver), Flux (semver, numerical,
 * alphabetical with extract) and Argo CD Image Updater ({@code allow-tags}, {@code ignore-tags})
 * call the same things by these names. Pure.
 */
public final class TagPolicy {
  public enum Kind {
    GLOB,
    SEMVER,
    NUMERICAL,
    ALPHABETICAL
  }

  private static final Pattern COMPARATOR =
      Pattern.compile(
          "(\\^|~|>=|<=|>|<|=)?v?(\\d+|x|X|\\*)(\\.(\\d+|x|X|\\*)){0,2}(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
  private static final Pattern GROUP_REF = Pattern.compile("\\$\\{?(\\w+)}?");

  private final Kind kind;
  private final String range;
  private final Pattern tags;
  private final String extract;
  private final List<String> ignore;
  private final List<Pattern> ignoreGlobs;

  private TagPolicy(Kind kind, String range, Pattern tags, String extract, List<String> ignore) {
    this.kind = kind;
    this.range = range;
    this.tags = tags;
    this.extract = extract;
    this.ignore = List.copyOf(ignore);
    this.ignoreGlobs = this.ignore.stream().map(TagPolicy::glob).toList();
  }

  /** Today's policy: every matching tag, newer by push time. */
  public static final TagPolicy GLOB = new TagPolicy(Kind.GLOB, null, null, null, List.of());

  /**
   * @throws IllegalArgumentException naming what is wrong: an unknown policy, a bad range, a bad
   *     regex, an extract that names no group of it
   */
  public static TagPolicy of(
      String policy, String range, String tags, String extract, List<String> ignore) {
    String name = policy == null ? "glob" : policy.strip().toLowerCase(Locale.ROOT);
    Kind kind =
        switch (name) {
          case "glob" -> Kind.GLOB;
          case "semver" -> Kind.SEMVER;
          case "numerical" -> Kind.NUMERICAL;
          case "alphabetical" -> Kind.ALPHABETICAL;
          default ->
              throw new IllegalArgumentException(
                  "unknown policy '"
                      + policy
                      + "'; expected glob (the default), semver, numerical or alphabetical");
        };
    for (String g : ignore) {
      if (g.isBlank()) {
        throw new IllegalArgumentException("ignore holds an empty pattern");
      }
    }
    if (kind == Kind.SEMVER) {
      if (range == null || range.isBlank()) {
        throw new IllegalArgumentException(
            "policy semver needs a range, e.g. range = \"^2.3\", \"~1.4\" or \">=1.2 <2\"");
      }
      checkRange(range.strip());
      if (tags != null || extract != null) {
        throw new IllegalArgumentException(
            "tags and extract are for numerical and alphabetical; semver reads the tag itself");
      }
      return new TagPolicy(kind, range.strip(), null, null, ignore);
    }
    if (range != null) {
      throw new IllegalArgumentException("range is for policy semver, not " + name);
    }
    if (kind == Kind.GLOB) {
      if (tags != null || extract != null) {
        throw new IllegalArgumentException(
            "tags and extract need policy numerical or alphabetical");
      }
      return ignore.isEmpty() ? GLOB : new TagPolicy(kind, null, null, null, ignore);
    }
    Pattern regex;
    try {
      regex = Pattern.compile(tags == null ? ".*" : tags);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "tags '" + tags + "' is not a regex: " + e.getDescription() + " at " + e.getIndex());
    }
    String ex = extract == null || extract.isBlank() ? null : extract.strip();
    if (ex != null) {
      Matcher m = GROUP_REF.matcher(ex);
      if (!m.find()) {
        throw new IllegalArgumentException(
            "extract '" + ex + "' names no group; expected $name or $1 of the tags regex");
      }
      m.reset();
      while (m.find()) {
        String g = m.group(1);
        if (g.chars().allMatch(Character::isDigit)
            ? Integer.parseInt(g) > regex.matcher("").groupCount()
            : !Pattern.compile("\\(\\?<" + Pattern.quote(g) + ">").matcher(tags).find()) {
          throw new IllegalArgumentException(
              "extract '"
                  + ex
                  + "' names group "
                  + g
                  + ", which tags '"
                  + tags
                  + "' does not have");
        }
      }
    }
    return new TagPolicy(kind, null, regex, ex, ignore);
  }

  private static void checkRange(String range) {
    for (String alternative : range.split("\\|\\|")) {
      String a = alternative.strip().replaceAll("\\s+-\\s+", "-hyphen-");
      if (a.isEmpty()) {
        throw new IllegalArgumentException("range '" + range + "' has an empty alternative");
      }
      for (String token : a.split("\\s+")) {
        for (String part : token.split("-hyphen-")) {
          if (!part.equals("*") && !COMPARATOR.matcher(part).matches()) {
            throw new IllegalArgumentException(
                "range '"
                    + range
                    + "': '"
                    + part
                    + "' is not a version comparator such as ^2.3, ~1.4, >=1.2 or <2");
          }
        }
      }
    }
  }

  public Kind kind() {
    return kind;
  }

  /** Whether newer is decided here (by the tag) rather than by push time. */
  public boolean ordersTags() {
    return kind != Kind.GLOB;
  }

  /** Null when the policy takes the tag, else why not. */
  public String refuses(String tag) {
    for (int i = 0; i < ignoreGlobs.size(); i++) {
      if (ignoreGlobs.get(i).matcher(tag).matches()) {
        return tag + " is ignored (ignore " + ignore.get(i) + ")";
      }
    }
    switch (kind) {
      case GLOB -> {
        return null;
      }
      case SEMVER -> {
        Semver v = version(tag);
        if (v == null) {
          return tag + " is not a semantic version (policy semver)";
        }
        return v.satisfies(range) ? null : tag + " is outside the range " + range;
      }
      default -> {
        if (!tags.matcher(tag).matches()) {
          return tag + " does not match tags " + tags.pattern();
        }
        if (kind == Kind.NUMERICAL && number(tag) == null) {
          return tag + ": '" + key(tag) + "' is not a number (policy numerical)";
        }
        return null;
      }
    }
  }

  /**
   * Compares two tags the policy takes: above 0 when {@code a} is newer. Tags it refuses sort below
   * every tag it takes. 0 for a glob (push time decides).
   */
  public int compare(String a, String b) {
    boolean okA = refuses(a) == null;
    boolean okB = refuses(b) == null;
    if (okA != okB) {
      return okA ? 1 : -1;
    }
    if (!okA) {
      return 0;
    }
    return switch (kind) {
      case GLOB -> 0;
      case SEMVER -> version(a).compareTo(version(b));
      case NUMERICAL -> number(a).compareTo(number(b));
      case ALPHABETICAL -> key(a).compareTo(key(b));
    };
  }

  private static Semver version(String tag) {
    String t = tag.startsWith("v") || tag.startsWith("V") ? tag.substring(1) : tag;
    return Semver.parse(t);
  }

  private BigInteger number(String tag) {
    String k = key(tag);
    try {
      return new BigInteger(k);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** What of the tag is compared: the extract's groups, or the whole tag. */
  private String key(String tag) {
    if (extract == null) {
      return tag;
    }
    Matcher m = tags.matcher(tag);
    if (!m.matches()) {
      return tag;
    }
    StringBuilder b = new StringBuilder();
    Matcher ref = GROUP_REF.matcher(extract);
    int last = 0;
    while (ref.find()) {
      b.append(extract, last, ref.start());
      String g = ref.group(1);
      String v = g.chars().allMatch(Character::isDigit) ? m.group(Integer.parseInt(g)) : m.group(g);
      b.append(v == null ? "" : v);
      last = ref.end();
    }
    b.append(extract.substring(last));
    return b.toString();
  }

  private static Pattern glob(String g) {
    StringBuilder b = new StringBuilder();
    for (char c : g.toCharArray()) {
      b.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(b.toString());
  }

  @Override
  public String toString() {
    String s =
        switch (kind) {
          case GLOB -> "glob";
          case SEMVER -> "semver " + range;
          default ->
              kind.name().toLowerCase(Locale.ROOT)
                  + " "
                  + tags.pattern()
                  + (extract == null ? "" : " " + extract);
        };
    return ignore.isEmpty() ? s : s + ", ignore " + ignore;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TagPolicy t && t.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
