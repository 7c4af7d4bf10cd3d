/**
 * {@code pacer backtest}'s input and output: the history read from graphite-web ({@link
 * dev.pacer.autoscaler.backtest.run.GraphiteHistory}), the runs of one app ({@link
 * dev.pacer.autoscaler.backtest.run.Backtest}) and of every autoscaled app ({@link
 * dev.pacer.autoscaler.backtest.run.Fleet}), and the report with its charts.
 */
package dev.pacer.autoscaler.backtest.run;
