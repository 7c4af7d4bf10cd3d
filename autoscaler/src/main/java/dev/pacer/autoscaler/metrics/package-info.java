/**
 * Reading the metrics: the render answer's parser and reducer (pure), and the Graphite adapter
 * (OkHttp). May import java.*, Jackson, OkHttp and io.vertx.core; never another daemon.
 */
package dev.pacer.autoscaler.metrics;
