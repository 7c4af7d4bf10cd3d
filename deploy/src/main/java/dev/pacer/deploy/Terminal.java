package dev.pacer.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where a command prints. On a terminal, the deployment's progress is one live line, redrawn in
 * place ({@code \r} and erase-to-end-of-line), and other lines print above it; otherwise every line
 * is printed once, timestamped (UTC), for CI logs. Questions are asked on a terminal only.
 */
public final class Terminal {
  private final PrintStream out;
  private final PrintStream err;
  private final BufferedReader in;
  private final boolean live;
  private final Clock clock;
  private String progress = "";

  public Terminal(PrintStream out, PrintStream err, BufferedReader in, boolean live, Clock clock) {
    this.out = out;
    this.err = err;
    this.in = in;
    this.live = live;
    this.clock = clock;
  }

  public boolean live() {
    return live;
  }

  /** A line of the deployment's story. */
  public synchronized void line(String text) {
    if (live) {
      out.print("\r\033[K" + text + "\n");
      if (!progress.isEmpty()) {
        out.print(progress);
      }
    } else {
      out.println(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS) + " " + text);
    }
    out.flush();
  }

  /** Text printed as it is (a diff, a log): no timestamp, above the progress line. */
  public synchronized void text(String text) {
    if (live && !progress.isEmpty()) {
      out.print("\r\033[K");
    }
    out.println(text);
    if (live && !progress.isEmpty()) {
      out.print(progress);
    }
    out.flush();
  }

  /** The progress: redrawn in place on a terminal, a timestamped line when it changed otherwise. */
  public synchronized void progress(String text) {
    if (text.equals(progress)) {
      return;
    }
    progress = text;
    if (live) {
      out.print("\r\033[K" + text);
      out.flush();
    } else {
      line(text);
    }
  }

  /** Ends the live line, so what follows starts on its own line. */
  public synchronized void endProgress() {
    if (live && !progress.isEmpty()) {
      out.print("\n");
      out.flush();
    }
    progress = "";
  }

  public synchronized void error(String text) {
    endProgress();
    err.println(text);
    err.flush();
  }

  /** Asks a yes/no question; only on a terminal (elsewhere the caller does not ask). */
  public boolean confirm(String question) {
    synchronized (this) {
      out.print(question + " [y/N] ");
      out.flush();
    }
    try {
      String answer = in.readLine();
      return answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
    } catch (IOException e) {
      return false;
    }
  }
}
