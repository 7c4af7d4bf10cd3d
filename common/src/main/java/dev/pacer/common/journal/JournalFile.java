package dev.pacer.common.journal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The journal on disk, on the local backbone: one JSON line per entry, appended as it is recorded,
 * read back at start. When the file grows past {@code maxBytes} it is rewritten with what the
 * journal still holds (written beside it, then moved over it), so it stays within its bounds. A
 * line that cannot be read (a torn last write after a crash) is skipped and counted.
 */
public final class JournalFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path path;
  private final long maxBytes;
  private BufferedWriter out;
  private long bytes;
  private int skipped;

  public JournalFile(Path path, long maxBytes) {
    this.path = path;
    this.maxBytes = maxBytes;
  }

  public Path path() {
    return path;
  }

  /** The entries the file holds, oldest first; unreadable lines skipped ({@link #skipped()}). */
  public synchronized List<JournalEntry> load() throws IOException {
    List<JournalEntry> out = new ArrayList<>();
    if (!Files.exists(path)) {
      return out;
    }
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        Map<String, Object> m = JSON.readValue(line, new TypeReference<Map<String, Object>>() {});
        @SuppressWarnings("unchecked")
        Map<String, Object> data =
            m.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
        out.add(
            new JournalEntry(
                (String) m.get("kind"),
                (String) m.get("subject"),
                Instant.parse((String) m.get("at")),
                (String) m.get("type"),
                (String) m.get("event-id"),
                data));
      } catch (IOException | RuntimeException e) {
        skipped++;
      }
    }
    return out;
  }

  public synchronized int skipped() {
    return skipped;
  }

  /** Appends one entry; true when the file is now past its limit and should be compacted. */
  public synchronized boolean append(JournalEntry e) throws IOException {
    if (out == null) {
      Files.createDirectories(path.toAbsolutePath().getParent());
      bytes = Files.exists(path) ? Files.size(path) : 0;
      out =
          Files.newBufferedWriter(
              path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    String line = line(e);
    out.write(line);
    out.write('\n');
    out.flush();
    bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
    return bytes > maxBytes;
  }

  /** Rewrites the file with these entries only. */
  public synchronized void compact(List<JournalEntry> keep) throws IOException {
    close();
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (JournalEntry e : keep) {
        w.write(line(e));
        w.write('\n');
      }
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }

  private static String line(JournalEntry e) throws IOException {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("kind", e.kind());
    m.put("subject", e.subject());
    m.put("at", e.at().toString());
    m.put("type", e.type());
    m.put("event-id", e.eventId());
    m.put("data", e.data());
    return JSON.writeValueAsString(m);
  }
}
