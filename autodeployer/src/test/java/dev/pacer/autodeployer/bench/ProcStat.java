package dev.pacer.autodeployer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** CPU time of another process and of its JIT compiler threads, from Linux's /proc. */
final class ProcStat {
  private ProcStat() {}

  /** The process's user + system CPU in ms; -1 where /proc cannot tell. */
  static long cpuMillis(long pid) {
    return ticks(Path.of("/proc/" + pid + "/stat"));
  }

  /** CPU in ms of the process's JIT compiler threads (C1 and C2). */
  static long jitCpuMillis(long pid) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      return tasks
          .filter(t -> comm(t).contains("Compiler"))
          .mapToLong(t -> Math.max(0, ticks(t.resolve("stat"))))
          .sum();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** -Dbench.idle=N: prints the process's CPU over N seconds of no load at all; 0 does nothing. */
  static void reportIdle(long pid, long seconds) {
    if (seconds <= 0) {
      return;
    }
    long idle0 = cpuMillis(pid);
    java.util.concurrent.locks.LockSupport.parkNanos(
        Duration.ofSeconds(seconds).toNanos()); // measuring
    System.out.printf(
        "  Pacer's own CPU idle: %.2f cores%n", (cpuMillis(pid) - idle0) / (seconds * 1000.0));
  }

  private static String comm(Path task) {
    try {
      return Files.readString(task.resolve("comm"));
    } catch (IOException e) {
      return "";
    }
  }

  private static long ticks(Path stat) {
    try {
      String s = Files.readString(stat);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
