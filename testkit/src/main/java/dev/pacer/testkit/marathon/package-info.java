/**
 * Test-only: a Marathon simulator held to the contracts: REST, deployments with their locks and
 * races, the /v2/events stream.
 */
package dev.pacer.testkit.marathon;
