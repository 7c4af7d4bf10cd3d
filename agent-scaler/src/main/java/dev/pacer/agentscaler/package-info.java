/**
 * The agent-scaler: keeps headroom in the autoscaling pool of Mesos agents. May import
 * dev.pacer.common and its libraries; never another daemon.
 */
package dev.pacer.agentscaler;
