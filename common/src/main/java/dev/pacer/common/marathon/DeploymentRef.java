package dev.pacer.common.marathon;

/** The {@code {deploymentId, version}} every state-changing Marathon call answers with. */
public record DeploymentRef(String deploymentId, String version) {}
