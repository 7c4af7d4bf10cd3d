package dev.pacer.common.events.types;

/**
 * The {@code data} of one Pacer event, as a record of its type. {@link EventTypes#data} writes it
 * into the envelope and {@link EventTypes#read} reads it back, on every backbone alike.
 */
public sealed interface EventData
    permits RegistryPush,
        PushMatched,
        DeployEvent,
        LabelInvalid,
        ScaleEvent,
        PoolEvent,
        PauseEvent,
        MarathonRelayed,
        StreamAttached,
        CollectorDegraded,
        UnknownEvent {

  /** The CloudEvents {@code type}, one of {@link EventTypes}. */
  String type();
}
