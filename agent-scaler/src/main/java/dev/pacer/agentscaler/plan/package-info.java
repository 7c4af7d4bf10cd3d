/**
 * The pool decisions, pure: {@link dev.pacer.agentscaler.plan.CapacityPlanner} (how many agents,
 * which victims) and {@link dev.pacer.agentscaler.plan.PoolDecider} (pause, cooldowns, dry run,
 * holds said once, booting grace). Imports java.* and the agent-scaler's records only: no Vert.x,
 * no AWS SDK, no IO (ArchitectureTest).
 */
package dev.pacer.agentscaler.plan;
