/**
 * The scale decision ({@link dev.pacer.autoscaler.plan.ScaleDecider}). Pure: imports java.* and the
 * autoscaler's own records only (ArchitectureTest).
 */
package dev.pacer.autoscaler.plan;
