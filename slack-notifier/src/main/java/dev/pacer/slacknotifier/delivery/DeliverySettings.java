package dev.pacer.slacknotifier.delivery;

import dev.pacer.common.time.Scheduler;
import java.time.Duration;

/**
 * How each channel's queue sends: at most one message every {@code minInterval}, retries backing
 * off up to {@code maxBackoff}, at most {@code capacity} messages waiting; its waits are {@code
 * scheduler}'s.
 */
public record DeliverySettings(
    Duration minInterval, Duration maxBackoff, int capacity, Scheduler scheduler) {}
