package dev.pacer.collector.plan;

import java.util.List;

/**
 * What one agent's {@code /monitor/statistics} gave this cycle: the samples of Marathon's
 * containers, or why it gave none ({@code failure}, then {@code samples} is empty).
 */
public record AgentRead(
    String agentId, String name, List<ContainerSample> samples, String failure) {
  public AgentRead {
    samples = List.copyOf(samples);
  }

  public static AgentRead answered(String agentId, String name, List<ContainerSample> samples) {
    return new AgentRead(agentId, name, samples, null);
  }

  public static AgentRead failed(String agentId, String name, String why) {
    return new AgentRead(agentId, name, List.of(), why);
  }

  public boolean ok() {
    return failure == null;
  }
}
