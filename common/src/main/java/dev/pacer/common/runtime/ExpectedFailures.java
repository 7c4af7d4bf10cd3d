package dev.pacer.common.runtime;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.util.Set;

/**
 * Failures that are part of running beside other systems (a refused connection, a timeout, an
 * unknown host, a connection closed under us) are one log line with their cause, never a stack
 * trace: Pacer retries them, and a stack trace says nothing more. Libraries log them too (the
 * Graphite reporter logs {@code Unable to report to Graphite} with a stack trace every step while
 * carbon is down). Any other exception keeps its stack trace.
 */
public final class ExpectedFailures {
  private ExpectedFailures() {}

  private static final Set<String> EXPECTED =
      Set.of(
          "java.net.ConnectException",
          "java.net.SocketTimeoutException",
          "java.net.UnknownHostException",
          "java.net.NoRouteToHostException",
          "java.net.PortUnreachableException",
          "java.nio.channels.ClosedChannelException",
          "java.nio.channels.UnresolvedAddressException",
          "java.util.concurrent.TimeoutException",
          "io.netty.channel.ConnectTimeoutException",
          "io.netty.channel.AbstractChannel$AnnotatedConnectException",
          "io.netty.channel.StacklessClosedChannelException",
          "io.vertx.core.http.HttpClosedException",
          "io.vertx.core.impl.NoStackTraceTimeoutException",
          "org.apache.kafka.common.errors.TimeoutException",
          "org.apache.kafka.common.errors.DisconnectException");

  /** The cause in one line ({@code java.net.ConnectException: Connection refused}), or null. */
  static String oneLine(IThrowableProxy t) {
    for (IThrowableProxy c = t; c != null; c = c.getCause()) {
      if (EXPECTED.contains(c.getClassName())) {
        return c.getClassName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
      }
    }
    return null;
  }

  /** Text lines: the pattern's line, then a stack trace only for what is not expected. */
  public static final class TextLayout extends LayoutBase<ILoggingEvent> {
    private final PatternLayout line = new PatternLayout();
    private final ThrowableProxyConverter stack = new ThrowableProxyConverter();

    /** {@code pattern} without a throwable conversion word: this layout adds the throwable. */
    public TextLayout(String pattern) {
      line.setPattern(pattern.replace("%n", "%nopex%n"));
    }

    @Override
    public void start() {
      line.setContext(getContext());
      line.start();
      stack.start();
      super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
      String text = line.doLayout(event);
      IThrowableProxy t = event.getThrowableProxy();
      if (t == null) {
        return text;
      }
      String expected = oneLine(t);
      if (expected != null) {
        return text.stripTrailing() + " (" + expected + ")" + CoreConstants.LINE_SEPARATOR;
      }
      return text + stack.convert(event);
    }
  }

  /** JSON lines ({@code stack_trace}): the cause in one line for what is expected. */
  public static final class JsonThrowable extends ThrowableHandlingConverter {
    private final ThrowableProxyConverter stack = new ThrowableProxyConverter();

    @Override
    public void start() {
      stack.start();
      super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
      IThrowableProxy t = event.getThrowableProxy();
      if (t == null) {
        return "";
      }
      String expected = oneLine(t);
      return expected != null ? expected : stack.convert(event);
    }
  }
}
