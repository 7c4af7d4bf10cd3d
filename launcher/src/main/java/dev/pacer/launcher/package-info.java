/** The {@code pacer} command: demo, run, one subcommand per daemon. Composes every module. */
package dev.pacer.launcher;
