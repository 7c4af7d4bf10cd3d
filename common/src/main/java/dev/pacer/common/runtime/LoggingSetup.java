package dev.pacer.common.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
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
  public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";

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
      json.start();
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(ctx);
      text.setPattern(PATTERN);
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
