/**
 * Test-only: {@link dev.pacer.testsupport.PacerHarness}, a Pacer process in the test's JVM with a
 * spy on {@code pacer.actions} and the admin API at hand. Imports common and testkit; main code
 * never imports it (daemons' and the launcher's tests do, in test scope).
 */
package dev.pacer.testsupport;
