/**
 * Getting messages to Slack: one queue per channel (rate limits, retries, edits), and the sinks
 * (Slack SDK with a token, an incoming webhook, the console). The only package that imports the
 * Slack SDK.
 */
package dev.pacer.slacknotifier.delivery;
