package dev.pacer.common.journal;

import java.util.ArrayList;
import java.util.List;

/** The entries in the heap: a reference is an index. For tests and small journals. */
public final class MemoryStore implements EntryStore {
  private final List<JournalEntry> entries = new ArrayList<>();

  @Override
  public int put(JournalEntry e) {
    entries.add(e);
    return entries.size() - 1;
  }

  @Override
  public JournalEntry get(int ref) {
    return entries.get(ref);
  }

  @Override
  public boolean wantsCompaction(long live) {
    return entries.size() > 1024 && entries.size() > 2 * live;
  }

  @Override
  public EntryStore compactionTarget() {
    return new MemoryStore();
  }

  @Override
  public EntryStore replaceWith(EntryStore target) {
    return target;
  }

  @Override
  public String where() {
    return "memory";
  }

  @Override
  public void close() {}
}
