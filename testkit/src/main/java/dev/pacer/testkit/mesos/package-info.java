/** Test-only: a Mesos master simulator held to the contracts (absent, not empty). */
package dev.pacer.testkit.mesos;
