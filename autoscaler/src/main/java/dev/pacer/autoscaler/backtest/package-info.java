/**
 * {@code pacer backtest}'s engine: replays autoscale policies over an app's metric history through
 * the autoscaler's own decider ({@link dev.pacer.autoscaler.backtest.Replay}), and sums up what
 * each did. Pure: the history comes in, nothing is read or written here (ArchitectureTest).
 */
package dev.pacer.autoscaler.backtest;
