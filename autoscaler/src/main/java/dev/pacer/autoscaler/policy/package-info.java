/** The autoscale label: parsing and checking. Pure; imports java.* and typesafe-config only. */
package dev.pacer.autoscaler.policy;
