/**
 * The decision journal: every decision of every daemon (actions, holds, skips) with the inputs that
 * drove it, kept per subject (an app, a pool, an image) within bounds of count and age, and read
 * back as a subject's timeline, newest first. {@link dev.pacer.common.journal.Journal} holds each
 * subject's entries as references into an {@link dev.pacer.common.journal.EntryStore}: a {@link
 * dev.pacer.common.journal.FileStore} in a running Pacer (4 bytes an entry in the heap; java.nio
 * only), a {@link dev.pacer.common.journal.MemoryStore} in tests. {@link
 * dev.pacer.common.journal.JournalEntries}, {@link dev.pacer.common.journal.Explain} and {@link
 * dev.pacer.common.journal.JournalLines} are pure; {@link dev.pacer.common.journal.JournalService}
 * records from the backbone and serves the timelines (Vert.x).
 */
package dev.pacer.common.journal;
