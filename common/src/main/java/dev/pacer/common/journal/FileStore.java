package dev.pacer.common.journal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * The journal's entries in a file: one JSON line each, appended as recorded, padded with spaces so
 * that every line starts at a multiple of 8 bytes; an entry's reference is its offset / 8 (an
 * unsigned {@code int}: files up to 32 GiB), so the journal holds 4 bytes an entry in memory and
 * reads an entry back with one positional read. The file is rewritten with the live entries only
 * (beside it, then moved over it) once it is past {@code maxBytes} and most of it is dead. A line
 * that cannot be read at start (a torn last write after a crash) is skipped and counted; a file of
 * an earlier version, whose lines are not aligned, is rewritten aligned at start.
 */
public final class FileStore implements EntryStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final Path path;
  private final long maxBytes;
  private FileChannel channel;
  private long end;
  private long lines;
  private int skipped;

  private FileStore(Path path, long maxBytes, FileChannel channel, long end, long lines) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.channel = channel;
    this.end = end;
    this.lines = lines;
  }

  /** An empty store at {@code path}: what was there is gone (a journal rebuilt from Kafka). */
  public static FileStore fresh(Path path, long maxBytes) throws IOException {
    Files.createDirectories(path.toAbsolutePath().getParent());
    FileChannel c =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    return new FileStore(path, maxBytes, c, 0, 0);
  }

  /**
   * The store at {@code path}: {@code ready} gets it before its entries are read back, then each
   * entry goes to {@code loaded} with its reference, oldest first, streamed (a large journal is
   * never all in the heap). A torn last line is cut off; a file of an earlier version (lines not
   * aligned) is rewritten aligned first.
   */
  public static FileStore open(
      Path path,
      long maxBytes,
      java.util.function.Consumer<FileStore> ready,
      ObjIntConsumer<JournalEntry> loaded)
      throws IOException {
    if (!Files.exists(path)) {
      FileStore s = fresh(path, maxBytes);
      ready.accept(s);
      return s;
    }
    int[] skipped = {0};
    boolean[] aligned = {true};
    long[] lastEnd = {0};
    forEachLine(
        path,
        (start, bytes, length) -> {
          aligned[0] &= start % 8 == 0;
          lastEnd[0] = start + length + 1;
        });
    if (!aligned[0]) {
      FileStore tmp = fresh(sibling(path), maxBytes);
      forEachLine(
          path,
          (start, bytes, length) -> {
            JournalEntry e = parseOrNull(bytes, length);
            if (e == null) {
              skipped[0]++;
            } else {
              tmp.put(e);
            }
          });
      new FileStore(path, maxBytes, null, 0, 0).replaceWith(tmp).close();
    } else if (Files.size(path) > lastEnd[0]) {
      // the last line has no newline: a write torn by a crash; it goes
      try (FileChannel c = FileChannel.open(path, StandardOpenOption.WRITE)) {
        c.truncate(lastEnd[0]);
      }
      skipped[0]++;
    }
    FileChannel c = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileStore store = new FileStore(path, maxBytes, c, c.size(), 0);
    ready.accept(store);
    forEachLine(
        path,
        (start, bytes, length) -> {
          JournalEntry e = parseOrNull(bytes, length);
          store.lines++;
          if (e == null) {
            skipped[0]++;
          } else {
            loaded.accept(e, (int) (start >>> 3));
          }
        });
    store.skipped = skipped[0];
    return store;
  }

  private interface LineVisitor {
    void line(long start, byte[] bytes, int length) throws IOException;
  }

  /** Each complete line of the file (without its newline), with its offset. */
  private static void forEachLine(Path path, LineVisitor visitor) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      byte[] line = new byte[4096];
      int length = 0;
      long pos = 0;
      long start = 0;
      int b;
      while ((b = in.read()) >= 0) {
        pos++;
        if (b != '\n') {
          if (length == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
          }
          line[length++] = (byte) b;
          continue;
        }
        if (!blank(line, length)) {
          visitor.line(start, line, length);
        }
        length = 0;
        start = pos;
      }
    }
  }

  private static boolean blank(byte[] line, int length) {
    for (int i = 0; i < length; i++) {
      if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private static JournalEntry parseOrNull(byte[] bytes, int length) {
    try {
      return parse(new String(bytes, 0, length, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Lines that could not be read at start. */
  public int skipped() {
    return skipped;
  }

  public Path path() {
    return path;
  }

  @Override
  public int put(JournalEntry e) throws IOException {
    if (end >>> 3 > 0xffffffffL) {
      throw new IOException(path + " is past 32 GiB; lower pacer.journal.max-file-size");
    }
    byte[] json = line(e).getBytes(StandardCharsets.UTF_8);
    int length = (json.length + 1 + 7) & ~7;
    byte[] padded = Arrays.copyOf(json, length);
    Arrays.fill(padded, json.length, length - 1, (byte) ' ');
    padded[length - 1] = '\n';
    ByteBuffer buf = ByteBuffer.wrap(padded);
    long at = end;
    while (buf.hasRemaining()) {
      at += channel.write(buf, at);
    }
    int ref = (int) (end >>> 3);
    end = at;
    lines++;
    return ref;
  }

  @Override
  public JournalEntry get(int ref) throws IOException {
    long pos = Integer.toUnsignedLong(ref) << 3;
    ByteBuffer buf = ByteBuffer.allocate(2048);
    while (true) {
      int n = channel.read(buf, pos + buf.position());
      byte[] a = buf.array();
      for (int i = 0; i < buf.position(); i++) {
        if (a[i] == '\n') {
          return parse(new String(a, 0, i, StandardCharsets.UTF_8));
        }
      }
      if (n < 0) {
        throw new IOException(path + ": no entry at reference " + ref);
      }
      if (!buf.hasRemaining()) {
        buf = ByteBuffer.allocate(buf.capacity() * 2).put(buf.flip());
      }
    }
  }

  @Override
  public boolean wantsCompaction(long live) {
    return end > maxBytes && lines > 2 * live;
  }

  @Override
  public EntryStore compactionTarget() throws IOException {
    return fresh(sibling(path), maxBytes);
  }

  @Override
  public EntryStore replaceWith(EntryStore target) throws IOException {
    FileStore t = (FileStore) target;
    if (channel != null) {
      channel.close();
    }
    t.channel.force(false);
    t.channel.close();
    Files.move(t.path, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    FileChannel c = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new FileStore(path, maxBytes, c, c.size(), t.lines);
  }

  @Override
  public String where() {
    return path.toString();
  }

  /** The file's size now. */
  public long bytes() {
    return end;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }

  private static Path sibling(Path path) {
    return path.resolveSibling(path.getFileName() + ".tmp");
  }

  static String line(JournalEntry e) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", e.kind());
    m.put("subject", e.subject());
    m.put("at", e.at().toString());
    m.put("type", e.type());
    m.put("event-id", e.eventId());
    m.put("data", e.data());
    return JSON.writeValueAsString(m);
  }

  static JournalEntry parse(String line) throws IOException {
    Map<String, Object> m = JSON.readValue(line, MAP);
    @SuppressWarnings("unchecked")
    Map<String, Object> data =
        m.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
    return new JournalEntry(
        (String) m.get("kind"),
        (String) m.get("subject"),
        Instant.parse((String) m.get("at")),
        (String) m.get("type"),
        (String) m.get("event-id"),
        data);
  }
}
