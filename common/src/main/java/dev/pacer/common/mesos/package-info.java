/**
 * The Mesos adapters (Vert.x WebClient), shared by the agent-scaler and the collector: the master
 * (leader by /redirect, state, maintenance schedule and drains) and the agents' usage; and the
 * records read from them (agents, resources), decoded as Mesos renders them (empty lists left out).
 * May import Vert.x and common; no daemon.
 */
package dev.pacer.common.mesos;
