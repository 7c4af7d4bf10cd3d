package dev.pacer.common.control;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The pauses of a single-process Pacer (local backbone), in {@code <state-dir>/pauses.json}:
 * written whole, to a temporary file then moved into place, so a crash leaves the old file or the
 * new one, never half of one.
 */
public final class PauseFile {
  private final Path file;

  public PauseFile(Path stateDir) {
    this.file = stateDir.resolve("pauses.json");
  }

  public Path path() {
    return file;
  }

  /**
   * @throws IllegalStateException naming the file and what is wrong with it
   */
  public List<Pause> read() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      JsonArray arr =
          new JsonObject(Files.readString(file)).getJsonArray("pauses", new JsonArray());
      List<Pause> out = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        out.add(Pause.fromMap(arr.getJsonObject(i).getMap()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          file + " is not a pause file (" + e.getMessage() + "); move it away to start without it",
          e);
    }
  }

  public void write(List<Pause> pauses) {
    JsonArray arr = new JsonArray();
    pauses.forEach(p -> arr.add(new JsonObject(p.toMap())));
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "pauses", ".tmp");
      Files.writeString(tmp, new JsonObject().put("pauses", arr).encodePrettily());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
