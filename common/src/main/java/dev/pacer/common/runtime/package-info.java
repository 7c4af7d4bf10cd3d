/**
 * The composition of a Pacer process: what every daemon gets, and how one is started and stopped.
 */
package dev.pacer.common.runtime;
