package dev.pacer.common.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.pacer.common.config.PacerConfig;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code pacer.logging}: readable lines, or one JSON object a line for ELK. A user who
 * points {@code -Dlogback.configurationFile} at a file of their own keeps that file instead.
 */
public final class LoggingSetup {
  /** ISO-8601 with the offset, so a line read elsewhere (or in another zone) has its moment. */
  public static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";

  private LoggingSetup() {}

  public static void apply(PacerConfig.Logging logging) {
    if (System.getProperty("logback.configurationFile") != null
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    Encoder<ILoggingEvent> encoder;
    if ("json".equals(logging.format())) {
      LogstashEncoder json = new LogstashEncoder();
      json.setContext(ctx);
      json.addProvider(new LogFields());
      json.setThrowableConverter(new ExpectedFailures.JsonThrowable());
      json.start();
      encoder = json;
    } else {
      ExpectedFailures.TextLayout layout = new ExpectedFailures.TextLayout(PATTERN);
      layout.setContext(ctx);
      layout.start();
      ch.qos.logback.core.encoder.LayoutWrappingEncoder<ILoggingEvent> text =
          new ch.qos.logback.core.encoder.LayoutWrappingEncoder<>();
      text.setContext(ctx);
      text.setLayout(layout);
      text.start();
      encoder = text;
    }
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setName("console");
    console.setEncoder(encoder);
    console.start();
    root.addAppender(console);
    root.setLevel(Level.toLevel(logging.level(), Level.INFO));
    ctx.getLogger("org.apache.kafka").setLevel(Level.WARN);
    ctx.getLogger("io.netty").setLevel(Level.INFO);
  }
}
