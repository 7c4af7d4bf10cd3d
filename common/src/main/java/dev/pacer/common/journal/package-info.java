/**
 * The decision journal: every decision of every daemon (actions, holds, skips) with the inputs that
 * drove it, kept per subject (an app, a pool, an image) within bounds of count and age, and read
 * back as a subject's timeline, newest first. {@link dev.pacer.common.journal.Journal} and {@link
 * dev.pacer.common.journal.JournalEntries} are pure; {@link dev.pacer.common.journal.JournalFile}
 * keeps it across restarts on the local backbone (java.nio only); {@link
 * dev.pacer.common.journal.JournalService} records from the backbone and serves the timelines
 * (Vert.x).
 */
package dev.pacer.common.journal;
