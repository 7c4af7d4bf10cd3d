package dev.pacer.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code -c FILE} and {@code -D key=value}, shared by every command that runs Pacer. */
final class ConfigOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "HOCON config file; its keys override every module's reference.conf.")
  Path file;

  @Option(
      names = "-D",
      paramLabel = "KEY=VALUE",
      mapFallbackValue = "",
      description = "Override one key, e.g. -D pacer.http.port=9000. Values are HOCON: lists work.")
  Map<String, String> overrides = new LinkedHashMap<>();

  Optional<Path> fileOption() {
    return Optional.ofNullable(file);
  }
}
