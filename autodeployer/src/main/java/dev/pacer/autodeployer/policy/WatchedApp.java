package dev.pacer.autodeployer.policy;

/** An app with a usable {@code autodeploy} label. */
public record WatchedApp(String appId, AutodeployPolicy policy) {}
