/**
 * The autoscaler: sizes apps with an autoscale label from Graphite metrics. May import
 * dev.pacer.common and its libraries; never another daemon.
 */
package dev.pacer.autoscaler;
