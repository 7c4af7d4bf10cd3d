/**
 * Carrying the lane's effects out: the interpreter ({@link
 * dev.pacer.autodeployer.deploy.Autodeployer}), the registry client, rollout tracking, the index of
 * watched apps, the backstop poll and manual rollbacks. Decides nothing that {@code plan} decides.
 */
package dev.pacer.autodeployer.deploy;
