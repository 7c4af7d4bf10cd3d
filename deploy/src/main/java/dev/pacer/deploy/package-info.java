/**
 * {@code pacer deploy}, {@code validate}, {@code diff} and {@code exec}: the seed's Marathon deploy
 * script. {@link dev.pacer.deploy.DeployMain} composes the clients (Marathon, its event stream, the
 * registry, the Mesos master and agents); {@link dev.pacer.deploy.DeployRun} runs one deploy with
 * them. Exit codes: 0 deployed, 1 failed, 2 usage or invalid config, 3 image not found, 124 timed
 * out.
 */
package dev.pacer.deploy;
