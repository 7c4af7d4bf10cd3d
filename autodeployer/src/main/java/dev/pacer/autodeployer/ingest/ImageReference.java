package dev.pacer.autodeployer.ingest;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker image reference, {@code [host[:port]/]repository[:tag][@digest]}, by the grammar of
 * distribution's {@code reference} package: lowercase path components joined by {@code .}, {@code
 * _}, {@code __} or dashes; a first component is a host when it has a dot or a port or is {@code
 * localhost}; a tag of at most 128 word characters, dots and dashes; a digest {@code algorithm:hex}
 * of at least 32 hex digits. Pure.
 */
public record ImageReference(String host, String repository, String tag, String digest) {
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";

  /** A repository: lowercase path components joined by {@code /}. */
  static final Pattern REPOSITORY =
      Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");

  private static final Pattern HOST =
      Pattern.compile(
          "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
              + "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?");

  /** A tag: up to 128 word characters, dots and dashes, not starting with either. */
  static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  private static final Pattern DIGEST =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
  private static final Pattern ODD = Pattern.compile("[^A-Za-z0-9._:/@-]");
  private static final String FORM =
      "an image reference is [host[:port]/]repository[:tag][@digest], e.g."
          + " registry.example.com/acme/web:1.2.9";

  /**
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static ImageReference parse(String text) {
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty image; " + FORM);
    }
    Matcher odd = ODD.matcher(s);
    if (odd.find()) {
      throw new IllegalArgumentException(
          "'" + s + "' is not an image: '" + odd.group() + "' cannot be in one; " + FORM);
    }
    String rest = s;
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw new IllegalArgumentException(
            "'" + s + "' has no valid digest after '@' (algorithm:hex, e.g. sha256:<64 hex>)");
      }
    }
    String host = "";
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        if (!HOST.matcher(first).matches()) {
          throw new IllegalArgumentException("'" + s + "' has no valid host: '" + first + "'");
        }
        host = first.toLowerCase(Locale.ROOT);
        rest = rest.substring(slash + 1);
      }
    }
    String tag = "";
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException(
            "'" + s + "' has no valid tag after ':' (letters, digits, _ . -; at most 128)");
      }
    }
    if (!REPOSITORY.matcher(rest).matches()) {
      throw new IllegalArgumentException(
          "'"
              + s
              + "' has no valid repository '"
              + rest
              + "': lowercase letters and digits, parts joined by . _ - and /");
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      throw new IllegalArgumentException("'" + s + "' names no tag and no digest; " + FORM);
    }
    return new ImageReference(host, rest, tag, digest);
  }

  /** The repository with its host, as images of one repository share it. */
  public String name() {
    return host.isEmpty() ? repository : host + "/" + repository;
  }

  /** What to ask the registry for: the digest when pinned, else the tag. */
  public String manifest() {
    return digest.isEmpty() ? tag : digest;
  }
}
