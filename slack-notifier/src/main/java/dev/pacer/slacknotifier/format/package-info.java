/**
 * What a Slack message says: Block Kit blocks, config diffs, human dates. Pure: no Vert.x, no Slack
 * SDK, no IO (ArchitectureTest).
 */
package dev.pacer.slacknotifier.format;
