package dev.pacer.common.events.types;

/** {@code pacer.agents.*} on {@code pacer.actions}, keyed by pool name. */
public sealed interface PoolEvent extends EventData
    permits PoolScaledUp, PoolDryRun, PoolHeld, AgentDraining, AgentTerminated {

  /** The pool's name. */
  String pool();
}
