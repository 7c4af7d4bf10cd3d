/**
 * The slack-notifier's consumer: reads events, keeps the living message of each deployment, and
 * hands messages to delivery. Imports format (pure), delivery and common.
 */
package dev.pacer.slacknotifier.notify;
