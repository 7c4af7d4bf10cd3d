/** The scale decision. Pure: imports java.* and the autoscaler's own records only. */
package dev.pacer.autoscaler.decision;
