package dev.pacer.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The verbatim contract payloads (copied from {@code shared/contracts}, each with its {@code
 * .src.txt} naming the source), loaded from the classpath so the project stands alone.
 */
public final class Contracts {
  private Contracts() {}

  /** {@code name} relative to {@code contracts/}, such as {@code marathon/app.json}. */
  public static byte[] bytes(String name) {
    try (InputStream in = Contracts.class.getResourceAsStream("/contracts/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no contract file contracts/" + name + " on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /**
   * The body of a {@code *.http.txt} capture's response (after the last blank line that ends
   * headers).
   */
  public static String httpResponseBody(String name) {
    String t = text(name).replace("\r\n", "\n");
    int resp = t.indexOf("\nHTTP/1.1 ");
    String response = resp < 0 ? t : t.substring(resp + 1);
    int body = response.indexOf("\n\n");
    return body < 0 ? "" : response.substring(body + 2).strip();
  }
}
