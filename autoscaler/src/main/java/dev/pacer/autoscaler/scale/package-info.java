/**
 * The autoscaler's cycle: read the apps, their metrics and pauses, decide, apply, publish. Imports
 * the pure packages, role interfaces and io.vertx.core; never another daemon.
 */
package dev.pacer.autoscaler.scale;
