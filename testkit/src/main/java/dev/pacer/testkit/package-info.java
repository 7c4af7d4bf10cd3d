/**
 * Test-only: simulators of what cannot run here (Marathon, later Mesos, Slack, AWS), held to the
 * contracts, and launchers for the real servers that can (Kafka, registry, Graphite, ZooKeeper).
 * Main code never imports this, except the launcher's {@code demo}.
 */
package dev.pacer.testkit;
