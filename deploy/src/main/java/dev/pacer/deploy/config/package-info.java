/**
 * App configs: one HOCON file per app, with its includes, its environment overlay and the {@code
 * -D} overrides, rendered into a Marathon app definition whose Pacer sections ({@code autoscale},
 * {@code autodeploy}, {@code slack.channel}) are checked by the daemons' own parsers and injected
 * as labels; and that definition checked against Marathon's published JSON schema. Every problem
 * names its file and line. Pure: reads the config files, imports no IO library.
 */
package dev.pacer.deploy.config;
