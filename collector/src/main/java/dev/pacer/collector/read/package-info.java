/**
 * The collector's reading adapters (Vert.x WebClient): the Mesos agents' {@code
 * /monitor/statistics}, and the parts of the master's state it needs (Marathon's tasks, the agents,
 * the pools). Built only in {@code CollectorMain}. May import Vert.x and common; no other daemon.
 */
package dev.pacer.collector.read;
