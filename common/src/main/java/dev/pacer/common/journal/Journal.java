package dev.pacer.common.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The journal: per subject, at most {@code perSubject} entries (the oldest go first) and none older
 * than {@code retention} (by the injected clock). The entries' bodies are in an {@link EntryStore}
 * (a file, in a running Pacer); in memory each subject holds only its entries' references in a ring
 * of {@code int}s, its newest time, and the ids of its last {@value #RECENT_IDS} events: an event
 * recorded again (a redelivery, which comes soon after) is not recorded twice. When the store is
 * mostly dead entries it is compacted: the live ones are copied into a new store and the references
 * rewritten. Thread-safe: the journal records on a worker, the admin API reads on its own.
 */
public final class Journal implements AutoCloseable {
  static final int RECENT_IDS = 16;
  private static final int LATEST = 50;
  private final int perSubject;
  private final Duration retention;
  private final Clock clock;
  private final Map<String, Timeline> bySubject = new HashMap<>();
  // the last entries recorded, of any subject: the status page's "latest decisions"
  private final int[] latest = new int[LATEST];
  private int latestCount;
  private int latestNext;
  // read without the lock (by /status on an event loop, while a compaction may hold it)
  private volatile EntryStore store;
  private volatile long size;
  private volatile int subjects;

  /** A journal in memory (tests, small journals). */
  public Journal(int perSubject, Duration retention, Clock clock) {
    this(perSubject, retention, clock, new MemoryStore());
  }

  public Journal(int perSubject, Duration retention, Clock clock, EntryStore store) {
    if (perSubject < 1) {
      throw new IllegalArgumentException("perSubject must be at least 1, got " + perSubject);
    }
    this.perSubject = perSubject;
    this.retention = retention;
    this.clock = clock;
    this.store = store;
  }

  /** One subject's entries: references into the store, oldest first, in a ring. */
  private static final class Timeline {
    int[] refs = new int[4];
    int head;
    int size;
    long newestMillis = Long.MIN_VALUE;
    final long[] ids = new long[RECENT_IDS];
    int nextId;

    int ref(int i) { // i from 0, the oldest
      return refs[(head + i) % refs.length];
    }

    void add(int ref) {
      if (size == refs.length) {
        int[] grown = new int[refs.length * 2];
        for (int i = 0; i < size; i++) {
          grown[i] = ref(i);
        }
        refs = grown;
        head = 0;
      }
      refs[(head + size) % refs.length] = ref;
      size++;
    }

    void insert(int index, int ref) { // a late entry: rare
      add(ref);
      for (int i = size - 1; i > index; i--) {
        refs[(head + i) % refs.length] = ref(i - 1);
      }
      refs[(head + index) % refs.length] = ref;
    }

    void dropOldest() {
      head = (head + 1) % refs.length;
      size--;
    }

    boolean seen(long id) {
      for (long x : ids) {
        if (x == id) {
          return true;
        }
      }
      return false;
    }

    void saw(long id) {
      ids[nextId] = id;
      nextId = (nextId + 1) % ids.length;
    }
  }

  /** Records an entry; false when its event is recorded already or it is older than retention. */
  public synchronized boolean record(JournalEntry e) {
    return add(e, false, 0);
  }

  /**
   * Goes on in the file at {@code path}: the entries it holds are read back into the timelines
   * (within the bounds), and new ones appended to it. {@code fresh}: it starts empty (on Kafka the
   * journal is rebuilt from the topics). The lines that could not be read.
   */
  public synchronized int open(java.nio.file.Path path, long maxBytes, boolean fresh)
      throws IOException {
    lock(path);
    EntryStore before = store;
    loading = true;
    try {
      FileStore opened =
          fresh
              ? FileStore.fresh(path, maxBytes)
              : FileStore.open(path, maxBytes, s -> store = s, (e, ref) -> add(e, true, ref));
      store = opened;
      before.close();
      if (store.wantsCompaction(size)) {
        compact();
      }
      return opened.skipped();
    } finally {
      loading = false;
    }
  }

  // while a file is read back, its lines' references must stay as they are: no compaction
  private boolean loading;

  // held while this journal uses its file: two processes writing one file would tear its lines
  private java.nio.channels.FileChannel lockChannel;

  private void lock(java.nio.file.Path path) throws IOException {
    java.nio.file.Path lockFile = path.resolveSibling(path.getFileName() + ".lock");
    java.nio.file.Files.createDirectories(lockFile.toAbsolutePath().getParent());
    java.nio.channels.FileChannel c =
        java.nio.channels.FileChannel.open(
            lockFile,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE);
    java.nio.channels.FileLock lock;
    try {
      lock = c.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      c.close();
      throw new IOException(
          path + " is in use by another Pacer (one state dir, one process: set pacer.state-dir)");
    }
    lockChannel = c;
  }

  private boolean add(JournalEntry e, boolean stored, int storedAt) {
    Instant oldest = clock.instant().minus(retention);
    if (e.at().isBefore(oldest)) {
      return false;
    }
    Timeline t = bySubject.computeIfAbsent(e.key(), k -> new Timeline());
    subjects = bySubject.size();
    long id = e.eventId().isEmpty() ? 0 : idOf(e.eventId());
    if (id != 0 && t.seen(id)) {
      return false;
    }
    try {
      int ref = stored ? storedAt : store.put(e);
      if (id != 0) {
        t.saw(id);
      }
      long at = e.at().toEpochMilli();
      if (at >= t.newestMillis) {
        t.add(ref);
        t.newestMillis = at;
      } else {
        int i = t.size;
        while (i > 0 && store.get(t.ref(i - 1)).at().isAfter(e.at())) {
          i--;
        }
        t.insert(i, ref);
      }
      size++;
      latest[latestNext] = ref;
      latestNext = (latestNext + 1) % LATEST;
      latestCount = Math.min(LATEST, latestCount + 1);
      while (t.size > perSubject) {
        t.dropOldest();
        size--;
      }
      expire(t, oldest);
      if (!loading && store.wantsCompaction(size)) {
        compact();
      }
      return true;
    } catch (IOException ex) {
      throw new UncheckedIOException("journal: " + store.where() + ": " + ex.getMessage(), ex);
    }
  }

  /** The last entries recorded, of any subject, newest first (at most 50). */
  public synchronized List<JournalEntry> latest(int limit) {
    List<JournalEntry> out = new ArrayList<>(Math.min(limit, latestCount));
    Instant oldest = clock.instant().minus(retention);
    for (int i = 1; i <= latestCount && out.size() < limit; i++) {
      JournalEntry e = read(latest[(latestNext - i + LATEST) % LATEST]);
      if (!e.at().isBefore(oldest)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The subject's entries, newest first, at most {@code limit}. */
  public synchronized List<JournalEntry> timeline(String kind, String subject, int limit) {
    Timeline t = bySubject.get(kind + ":" + subject);
    if (t == null) {
      return List.of();
    }
    Instant oldest = clock.instant().minus(retention);
    List<JournalEntry> out = new ArrayList<>(Math.min(limit, t.size));
    for (int i = t.size - 1; i >= 0 && out.size() < limit; i--) {
      JournalEntry e = read(t.ref(i));
      if (e.at().isBefore(oldest)) {
        break; // older ones are older still
      }
      out.add(e);
    }
    return out;
  }

  /** Drops what is older than retention everywhere (a periodic sweep). */
  public synchronized void expireAll() {
    Instant oldest = clock.instant().minus(retention);
    Iterator<Timeline> it = bySubject.values().iterator();
    while (it.hasNext()) {
      Timeline t = it.next();
      expire(t, oldest);
      if (t.size == 0) {
        it.remove();
      }
    }
    subjects = bySubject.size();
  }

  public long size() {
    return size;
  }

  public int subjects() {
    return subjects;
  }

  /** Where the entries are kept, for {@code /status}. */
  public String where() {
    return store.where();
  }

  private void expire(Timeline t, Instant oldest) {
    while (t.size > 0 && read(t.ref(0)).at().isBefore(oldest)) {
      t.dropOldest();
      size--;
    }
  }

  /** Copies the live entries into a new store and points the timelines at their copies. */
  private void compact() throws IOException {
    EntryStore target = store.compactionTarget();
    Map<Integer, Integer> moved = new HashMap<>();
    for (int i = 0; i < latestCount; i++) {
      moved.put(latest[i], -1);
    }
    for (Timeline t : bySubject.values()) {
      for (int i = 0; i < t.size; i++) {
        int slot = (t.head + i) % t.refs.length;
        int now = target.put(store.get(t.refs[slot]));
        if (moved.containsKey(t.refs[slot])) {
          moved.put(t.refs[slot], now);
        }
        t.refs[slot] = now;
      }
    }
    // a latest entry that left its timeline is gone; the rest point at their copies
    int kept = 0;
    int[] copy = new int[LATEST];
    for (int i = latestCount; i >= 1; i--) {
      Integer now = moved.get(latest[(latestNext - i + LATEST) % LATEST]);
      if (now != null && now >= 0) {
        copy[kept++] = now;
      }
    }
    System.arraycopy(copy, 0, latest, 0, LATEST);
    latestCount = kept;
    latestNext = kept % LATEST;
    store = store.replaceWith(target);
  }

  private JournalEntry read(int ref) {
    try {
      return store.get(ref);
    } catch (IOException e) {
      throw new UncheckedIOException("journal: " + store.where() + ": " + e.getMessage(), e);
    }
  }

  /** A 64-bit hash of an event id (FNV-1a): its 16 last per subject are remembered. */
  static long idOf(String eventId) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < eventId.length(); i++) {
      h ^= eventId.charAt(i);
      h *= 0x100000001b3L;
    }
    return h == 0 ? 1 : h;
  }

  @Override
  public synchronized void close() throws IOException {
    store.close();
    if (lockChannel != null) {
      lockChannel.close(); // and its lock
      lockChannel = null;
    }
  }
}
