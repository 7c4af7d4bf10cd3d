package dev.pacer.autodeployer.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image glob such as {@code acme/foo-service:master*} or {@code
 * registry.example.com/acme/*:v1.?}.
 *
 * <ul>
 *   <li>The part before the first {@code /} is a registry host when it has a {@code .} or a {@code
 *       :}, or is {@code localhost} (Docker's rule). A pattern without a host matches a push to any
 *       registry; with one, only that host (case-insensitive, port included).
 *   <li>The tag follows the last {@code :} after the last {@code /}, and is required.
 *   <li>{@code *} matches any run of characters, except {@code /} within the repository; {@code ?}
 *       matches one character. Everything else matches itself.
 * </ul>
 */
public final class ImagePattern {
  private final String host;
  private final String repository;
  private final String tag;
  private final String text;
  // Compiled once: a push is matched against every candidate's pattern.
  private final Pattern repositoryGlob;
  private final Pattern tagGlob;

  public ImagePattern(String host, String repository, String tag, String text) {
    this.host = host;
    this.repository = repository;
    this.tag = tag;
    this.text = text;
    this.repositoryGlob = glob(repository, "[^/]");
    this.tagGlob = glob(tag, ".");
  }

  public String host() {
    return host;
  }

  public String repository() {
    return repository;
  }

  public String tag() {
    return tag;
  }

  public String text() {
    return text;
  }

  /**
   * @throws IllegalArgumentException saying what is wrong with the pattern
   */
  public static ImagePattern parse(String text) {
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException(
          "empty image pattern; expected repo:tag, e.g. acme/foo:master*");
    }
    if (s.contains("@")) {
      throw new IllegalArgumentException(
          "'" + s + "' pins a digest; a pattern is repo:tag, e.g. acme/foo:master*");
    }
    if (s.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("'" + s + "' contains whitespace");
    }
    String host = "";
    String rest = s;
    int slash = s.indexOf('/');
    if (slash > 0) {
      String first = s.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        host = first.toLowerCase(Locale.ROOT);
        rest = s.substring(slash + 1);
      }
    }
    int colon = rest.lastIndexOf(':');
    if (colon <= rest.lastIndexOf('/') || colon == rest.length() - 1 || colon == 0) {
      throw new IllegalArgumentException(
          "'" + s + "' has no tag; expected repo:tag, e.g. acme/foo:master*");
    }
    String repo = rest.substring(0, colon);
    if (repo.startsWith("/") || repo.endsWith("/") || repo.contains("//")) {
      throw new IllegalArgumentException(
          "'" + s + "' has an empty path component in its repository");
    }
    return new ImagePattern(host, repo, rest.substring(colon + 1), s);
  }

  public boolean hasHost() {
    return !host.isEmpty();
  }

  /** True when the repository has no glob characters, so it can be looked up by equality. */
  public boolean exactRepository() {
    return repository.indexOf('*') < 0 && repository.indexOf('?') < 0;
  }

  public boolean matches(String pushHost, String pushRepository, String pushTag) {
    if (hasHost() && !host.equalsIgnoreCase(pushHost)) {
      return false;
    }
    return repositoryGlob.matcher(pushRepository).matches() && tagGlob.matcher(pushTag).matches();
  }

  /**
   * The text a push is matched against for this pattern: {@code repository:tag}, with the host in
   * front when the pattern names one.
   */
  public String compared(String pushHost, String pushRepository, String pushTag) {
    String image = pushRepository + ":" + pushTag;
    return hasHost() ? pushHost.toLowerCase(Locale.ROOT) + "/" + image : image;
  }

  /**
   * Where a push stops matching: -1 when it matches, else the index in {@link #compared} of the
   * first character that no completion of the pattern accepts (its length when the push ends where
   * the pattern wants more). The pattern nearest to a push is the one it stops matching latest.
   */
  public int stopsAt(String pushHost, String pushRepository, String pushTag) {
    if (matches(pushHost, pushRepository, pushTag)) {
      return -1;
    }
    if (whole == null) {
      whole =
          Pattern.compile(
              (hasHost() ? Pattern.quote(host + "/") : "")
                  + glob(repository, "[^/:]").pattern() // a repository never holds a ':'
                  + Pattern.quote(":")
                  + glob(tag, ".").pattern());
    }
    String text = compared(pushHost, pushRepository, pushTag);
    // up to its first glob character the pattern is literal: most patterns part from a push there
    String literal = (hasHost() ? host + "/" : "") + repository + ":" + tag;
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '*' || c == '?') {
        break;
      }
      if (i >= text.length()) {
        return text.length();
      }
      if (text.charAt(i) != c) {
        return i;
      }
    }
    // a prefix is viable when the pattern matches it or could with more input; viability is
    // closed under shorter prefixes, so the first prefix that is not viable ends the walk
    for (int k = 1; k <= text.length(); k++) {
      var m = whole.matcher(text.subSequence(0, k));
      if (!m.matches() && !m.hitEnd()) {
        return k - 1;
      }
    }
    return text.length();
  }

  // built when first asked: only the push that matched nothing pays for it
  private Pattern whole;

  /** {@code *} and {@code ?} stand for any run of, or one, character of {@code any}. */
  private static Pattern glob(String g, String any) {
    StringBuilder re = new StringBuilder();
    for (char c : g.toCharArray()) {
      switch (c) {
        case '*' -> re.append(any).append('*');
        case '?' -> re.append(any);
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImagePattern p
        && host.equals(p.host)
        && repository.equals(p.repository)
        && tag.equals(p.tag)
        && text.equals(p.text);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(host, repository, tag, text);
  }

  @Override
  public String toString() {
    return text;
  }
}
