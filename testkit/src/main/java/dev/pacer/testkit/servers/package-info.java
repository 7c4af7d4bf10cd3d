/**
 * Test-only: launchers of the real servers that run on this machine (registry, Graphite, Kafka,
 * ZooKeeper), each found or installed as bin/test says.
 */
package dev.pacer.testkit.servers;
