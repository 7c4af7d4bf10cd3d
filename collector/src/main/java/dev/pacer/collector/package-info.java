/**
 * The collector daemon: per-app CPU and memory from the Mesos agents' statistics into carbon, so
 * that the autoscale label's {@code mesos.marathon.${id}.cpu_util} exists. {@code CollectorMain}
 * composes it; {@code Collector} runs a cycle and decides nothing ({@code plan} does). Never
 * imports another daemon.
 */
package dev.pacer.collector;
