/** Test-only: a Slack Web API simulator with Block Kit limits and rate limits. */
package dev.pacer.testkit.slack;
