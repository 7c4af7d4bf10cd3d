/**
 * The status page: a read-only overview of apps, pools, pauses and the Slack queue at {@code /}, a
 * page per app and pool with its sentences, chart and timeline, and the journal's entries as
 * server-sent events so that open pages update without a reload. Rendered from Mustache templates;
 * the charts are uPlot's, served from its WebJar.
 */
package dev.pacer.common.ui;
