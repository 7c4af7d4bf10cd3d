/** Process lifecycle: the shutdown sequence (reverse start order, each step time-boxed). */
package dev.pacer.common.lifecycle;
