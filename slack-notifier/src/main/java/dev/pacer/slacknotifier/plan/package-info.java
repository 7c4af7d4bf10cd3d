/**
 * Which Slack messages events make, and the ops that carry them ({@link
 * dev.pacer.slacknotifier.plan.MessagePlanner}, {@link dev.pacer.slacknotifier.plan.Op}). Pure: no
 * Vert.x, no Slack SDK, no IO (ArchitectureTest); the shell in {@code notify} resolves channels and
 * Marathon's details and sends.
 */
package dev.pacer.slacknotifier.plan;
