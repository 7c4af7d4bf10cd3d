package dev.pacer.common.journal;

import java.io.IOException;

/**
 * Where the {@link Journal} keeps its entries' bodies: each stored entry has a reference, an {@code
 * int}, which is all a timeline holds of it in memory. {@link FileStore} keeps them in a file (the
 * journal's memory is then its references); {@link MemoryStore} in the heap.
 */
public interface EntryStore extends AutoCloseable {
  /** Stores an entry; its reference. */
  int put(JournalEntry e) throws IOException;

  /** The entry of a reference {@link #put} gave. */
  JournalEntry get(int ref) throws IOException;

  /**
   * Whether the store should be compacted now that {@code live} of its entries are still
   * referenced: it is past its size limit and most of what it holds is dead.
   */
  boolean wantsCompaction(long live);

  /** An empty store to copy the live entries into; {@link #replaceWith} then takes its place. */
  EntryStore compactionTarget() throws IOException;

  /** Ends a compaction: {@code target} now holds every live entry; the store to go on with. */
  EntryStore replaceWith(EntryStore target) throws IOException;

  /** Where the entries are, for {@code /status}. */
  String where();

  @Override
  void close() throws IOException;
}
