package dev.pacer.slacknotifier.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HumanTest {
  @Test
  void nanosecondInstantsBecomeSlackDatesWithAPlainFallback() {
    String reason =
        "paused by demo until 2026-12-03T15:32:20.969928046Z: demo: a runbook holds the worker";
    assertThat(Human.mrkdwn(reason))
        .isEqualTo(
            "paused by demo until <!date^1796311940^{date_short_pretty} at {time}|2026-12-03 15:32"
                + " UTC>: demo: a runbook holds the worker");
    assertThat(Human.plainText(reason))
        .isEqualTo("paused by demo until 2026-12-03 15:32 UTC: demo: a runbook holds the worker");
  }

  @Test
  void javaExceptionClassNamesAreLeftOutTheirWordsKept() {
    assertThat(
            Human.plainText(
                "rollback failed: dev.pacer.common.marathon.MarathonException$Unavailable: GET"
                    + " http://m:8080/v2/apps/x failed: Connection refused"))
        .isEqualTo("rollback failed: GET http://m:8080/v2/apps/x failed: Connection refused");
    assertThat(Human.plainText("io.netty.channel.ConnectTimeoutException: connection timed out"))
        .isEqualTo("connection timed out");
  }

  @Test
  void codeIsDataAndStaysAsItIs() {
    String diff = "```\n\"version\": \"2026-11-22T10:00:00Z\"\n```";
    assertThat(Human.mrkdwn(diff)).isEqualTo(diff);
    assertThat(Human.mrkdwn("image `r/web:2026-11-22T10:00:00Z` at 2026-11-22T10:00:00Z"))
        .isEqualTo(
            "image `r/web:2026-11-22T10:00:00Z` at <!date^1795341600^{date_short_pretty} at"
                + " {time}|2026-11-22 10:00 UTC>");
  }
}
