/** Benchmarks (JMH and a Kafka load harness), run by bin/bench; never part of the test run. */
package dev.pacer.common.bench;
