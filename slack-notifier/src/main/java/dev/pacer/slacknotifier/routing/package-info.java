/** Which Slack channel an event goes to: pure, from the config and the app's label. */
package dev.pacer.slacknotifier.routing;
