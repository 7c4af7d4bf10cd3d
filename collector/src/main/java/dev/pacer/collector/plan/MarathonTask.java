package dev.pacer.collector.plan;

/**
 * A live task of Marathon's framework, as the master's state lists it: its app, the agent it runs
 * on, and the executor whose container holds it (for a command task, the task id).
 */
public record MarathonTask(String taskId, String appId, String agentId, String executorId) {}
