package dev.pacer.autoscaler.backtest;

import java.time.Duration;

/**
 * What a policy did over the range, or what actually happened: scale {@code actions}; {@code
 * flaps}, actions that reverse the one before within the flap window; the time the metric sat above
 * its band and below it (with several metrics: any above, every one below); the time {@code held}
 * for missing data (never a scale-in); instance-hours; and the peak instance count.
 */
public record Summary(
    int actions,
    int flaps,
    Duration aboveBand,
    Duration belowBand,
    Duration held,
    double instanceHours,
    int peak) {}
