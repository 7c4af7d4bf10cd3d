/**
 * The {@code autodeploy} label: image globs, options, and the index of apps by repository. Pure.
 */
package dev.pacer.autodeployer.policy;
