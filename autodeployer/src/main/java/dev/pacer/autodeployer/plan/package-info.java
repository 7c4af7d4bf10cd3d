/**
 * The autodeployer's decisions, pure: whether and how to deploy one push to one app ({@link
 * dev.pacer.autodeployer.plan.DeploymentPlanner}), what the backstop poll deploys, and the deploy
 * lane as a state machine ({@link dev.pacer.autodeployer.plan.LaneMachine}: push, answers and
 * timers in; the lane and its effects out). Imports java.*, the label's policy and common's records
 * only: no Vert.x, no IO (ArchitectureTest).
 */
package dev.pacer.autodeployer.plan;
