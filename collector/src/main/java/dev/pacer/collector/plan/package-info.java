/**
 * The collector's pure decisions: which Marathon app a Mesos task belongs to, and, from two
 * successive samples of each container, the per-app and per-pool points to write, never one that
 * was not measured. No IO: may import common's records, never Vert.x, an HTTP client or a socket.
 */
package dev.pacer.collector.plan;
