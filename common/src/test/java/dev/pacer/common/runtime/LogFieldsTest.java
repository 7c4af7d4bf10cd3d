package dev.pacer.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.net.ConnectException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFieldsTest {
  @Test
  void theKeysOfAMessageBecomeFieldsAndTheDaemonComesFromThePackage() {
    assertThat(
            LogFields.fields(
                "dev.pacer.common.events.ActionPublisher",
                "app=/shop/web daemon=autodeployer event_id=e1 push_id=p1 deployment_id=d1"
                    + " pacer.deploy.started {image=r/web:2, push-id=p1}"))
        .containsExactly(
            Map.entry("app", "/shop/web"),
            Map.entry("daemon", "autodeployer"),
            Map.entry("event_id", "e1"),
            Map.entry("push_id", "p1"),
            Map.entry("deployment_id", "d1"));
    assertThat(
            LogFields.fields(
                "dev.pacer.agentscaler.scale.AgentScaler",
                "pool=scaling desired 2 -> 3: free cpus 10 % (target 20 %)"))
        .containsExactly(Map.entry("pool", "scaling"), Map.entry("daemon", "agent-scaler"));
    // a key inside a word is no key; nothing is invented
    assertThat(LogFields.fields("io.vertx.core.Foo", "mapp=/x, (app=/y)"))
        .containsExactly(Map.entry("app", "/y"));
  }

  private static LoggingEvent event(Throwable t) {
    Logger logger = new LoggerContext().getLogger("c.c.m.g.GraphiteReporter");
    return new LoggingEvent(
        "x", logger, Level.WARN, "Unable to report to Graphite", t, new Object[0]);
  }

  @Test
  void anExpectedFailureIsOneLineWithItsCauseAndAnyOtherKeepsItsStackTrace() {
    ExpectedFailures.TextLayout layout = new ExpectedFailures.TextLayout("%level %msg%n");
    layout.setContext(new LoggerContext());
    layout.start();
    assertThat(
            layout.doLayout(
                event(new RuntimeException("wrapped", new ConnectException("Connection refused")))))
        .isEqualTo(
            "WARN Unable to report to Graphite (java.net.ConnectException: Connection refused)"
                + System.lineSeparator());
    String bug = layout.doLayout(event(new IllegalStateException("a bug")));
    assertThat(bug)
        .startsWith("WARN Unable to report to Graphite" + System.lineSeparator())
        .contains("java.lang.IllegalStateException: a bug")
        .contains("\tat dev.pacer.common.runtime.LogFieldsTest");
    ExpectedFailures.JsonThrowable json = new ExpectedFailures.JsonThrowable();
    json.start();
    assertThat(json.convert(event(new ConnectException("Connection refused"))))
        .isEqualTo("java.net.ConnectException: Connection refused");
  }
}
