/**
 * Following one deployment through Marathon's event stream: its steps, its new version's tasks
 * (staged, running, healthy, failed) out of the target, and its end (success, failure, too many
 * failed tasks). {@link dev.pacer.deploy.watch.DeploymentProgress} is the pure state; the stream
 * and the clock are the caller's.
 */
package dev.pacer.deploy.watch;
