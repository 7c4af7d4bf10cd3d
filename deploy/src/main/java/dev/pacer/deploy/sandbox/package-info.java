/**
 * The logs of a failed task, from its Mesos agent's sandbox: the agent found in the master's state
 * (its {@code pid}), the sandbox directory in the agent's {@code /state}, and the last lines of
 * {@code stdout} and {@code stderr} through {@code /files/read} (contracts §5).
 */
package dev.pacer.deploy.sandbox;
