package dev.pacer.common.runtime;

/** {@code pacer.state-dir}, where a single process keeps what it must remember (the pauses). */
public final class StateDir {
  private StateDir() {}

  /**
   * Why {@code pacer.state-dir} cannot hold the pause state, or null when it can: it is a writable
   * directory, or the nearest directory above it that exists is writable (it is made at start).
   * Nothing is created here.
   */
  public static String problem(java.nio.file.Path dir) {
    java.nio.file.Path abs = dir.toAbsolutePath().normalize();
    if (java.nio.file.Files.exists(abs)) {
      if (!java.nio.file.Files.isDirectory(abs)) {
        return "'" + abs + "' is not a directory";
      }
      return java.nio.file.Files.isWritable(abs)
          ? null
          : "'" + abs + "' is not writable by this user; pauses could not be kept";
    }
    java.nio.file.Path up = abs.getParent();
    while (up != null && !java.nio.file.Files.exists(up)) {
      up = up.getParent();
    }
    if (up == null || !java.nio.file.Files.isDirectory(up) || !java.nio.file.Files.isWritable(up)) {
      return "'"
          + abs
          + "' does not exist and cannot be made ("
          + (up == null ? "no parent" : "'" + up + "' is not writable by this user")
          + "); pauses could not be kept";
    }
    return null;
  }
}
