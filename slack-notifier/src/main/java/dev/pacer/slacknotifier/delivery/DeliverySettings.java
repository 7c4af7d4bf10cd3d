package dev.pacer.slacknotifier.delivery;

import java.time.Clock;
import java.time.Duration;

/**
 * How each channel's queue sends: at most one message every {@code minInterval}, retries backing
 * off up to {@code maxBackoff}, at most {@code capacity} messages waiting.
 */
public record DeliverySettings(
    Duration minInterval, Duration maxBackoff, int capacity, Clock clock) {}
