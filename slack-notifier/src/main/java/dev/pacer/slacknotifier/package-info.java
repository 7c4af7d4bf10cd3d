/**
 * The slack-notifier: posts pushes, deploys, scale actions and pauses to Slack. May import
 * dev.pacer.common and its libraries; never another daemon.
 */
package dev.pacer.slacknotifier;
