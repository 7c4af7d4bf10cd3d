/**
 * The event backbone: one CloudEvents envelope, one publish/subscribe interface, an in-process and
 * a Kafka implementation. {@link dev.pacer.common.events.EventCodec} is pure (no Vert.x, no IO).
 */
package dev.pacer.common.events;
