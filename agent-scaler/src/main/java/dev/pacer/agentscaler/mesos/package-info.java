/**
 * The Mesos master adapter (Vert.x WebClient): leader by /redirect, state, maintenance schedule and
 * drains; and the records read from it (agents, resources), decoded as Mesos renders them (empty
 * lists left out). May import Vert.x and common; never a pure package's callers.
 */
package dev.pacer.agentscaler.mesos;
