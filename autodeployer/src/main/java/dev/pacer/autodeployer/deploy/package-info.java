/** Applying decisions to Marathon: one deploy in flight per app, rollout tracking, rollback. */
package dev.pacer.autodeployer.deploy;
