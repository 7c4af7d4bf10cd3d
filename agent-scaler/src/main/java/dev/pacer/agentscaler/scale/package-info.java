/**
 * The agent-scaler's cycle, an interpreter: reads Mesos, Marathon's queue and the groups, asks
 * {@code plan} what to do, carries it out, reports. Decides nothing itself.
 */
package dev.pacer.agentscaler.scale;
