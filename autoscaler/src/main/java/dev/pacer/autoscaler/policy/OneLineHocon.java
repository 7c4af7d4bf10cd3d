package dev.pacer.autoscaler.policy;

/**
 * The seed's one-line form of a HOCON object, fields apart by spaces only ({@code { minInstances =
 * 3 maxInstances = 9 cooldown = 900 graphite = { target = mesos.marathon.${id}.cpu_util down = 0.4
 * up = 0.7 } }}), which HOCON reads only with a newline or a comma between fields: a newline is put
 * before each {@code key =}, {@code key :} or {@code key {} that follows a value on the same line.
 * Quoted text is left as it is. Pure.
 */
final class OneLineHocon {
  private OneLineHocon() {}

  static String fieldsOnTheirOwnLines(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    char lastSignificant = '\n';
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (ch == '"') {
        int end = closingQuote(text, i);
        out.append(text, i, end);
        lastSignificant = '"';
        i = end;
        continue;
      }
      if (Character.isWhitespace(ch)) {
        int next = i;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
          next++;
        }
        boolean afterValue = "{,\n=:[".indexOf(lastSignificant) < 0;
        if (afterValue && startsField(text, next)) {
          out.append('\n');
          lastSignificant = '\n';
        } else {
          out.append(text, i, next);
          if (text.substring(i, next).indexOf('\n') >= 0) {
            lastSignificant = '\n';
          }
        }
        i = next;
        continue;
      }
      out.append(ch);
      lastSignificant = ch;
      i++;
    }
    return out.toString();
  }

  /** Whether a key ({@code [A-Za-z_][A-Za-z0-9_-]*}) then {@code =}, {@code :} or {@code {} starts at i. */
  private static boolean startsField(String text, int i) {
    int j = i;
    if (j >= text.length() || !(Character.isLetter(text.charAt(j)) || text.charAt(j) == '_')) {
      return false;
    }
    while (j < text.length()
        && (Character.isLetterOrDigit(text.charAt(j))
            || text.charAt(j) == '_'
            || text.charAt(j) == '-')) {
      j++;
    }
    while (j < text.length() && text.charAt(j) == ' ') {
      j++;
    }
    return j < text.length() && "=:{".indexOf(text.charAt(j)) >= 0;
  }

  /** The index after the quote closing the one at {@code open}, escapes skipped. */
  private static int closingQuote(String text, int open) {
    int i = open + 1;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (ch == '\\') {
        i += 2;
        continue;
      }
      if (ch == '"') {
        return i + 1;
      }
      i++;
    }
    return text.length();
  }
}
