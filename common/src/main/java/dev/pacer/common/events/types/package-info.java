/**
 * The typed events: one record per event type, the type names in one place ({@link EventTypes}) and
 * the one codec between a record and the {@code data} of its CloudEvents envelope (keys in
 * kebab-case, a field without a value left out). Pure: imports {@code java.*}, Jackson and {@code
 * dev.pacer.common.events.PacerEvent}; no Vert.x, no IO.
 */
package dev.pacer.common.events.types;
