package dev.pacer.testkit.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real ZooKeeper 3.8 ({@code zookeeperd}) in standalone mode, on a free loopback port with its
 * own data dir and no admin server. Ready when {@code srvr} reports {@code Mode: standalone}.
 */
public final class ZooKeeper implements AutoCloseable {
  private static final String SCRIPT = "/usr/share/zookeeper/bin/zkServer.sh";
  private final ExternalProcess process;
  private final int port;
  private final Path dir;

  private ZooKeeper(ExternalProcess process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static ZooKeeper start() {
    Path script = RequiredPackage.require("zookeeperd", SCRIPT);
    try {
      Path dir = Files.createTempDirectory("pacer-zk");
      Files.createDirectories(dir.resolve("data"));
      int port = Ports.free();
      Path cfg = dir.resolve("zoo.cfg");
      Files.writeString(
          cfg,
          String.join(
              "\n",
              "tickTime=2000",
              "dataDir=" + dir.resolve("data"),
              "clientPort=" + port,
              "clientPortAddress=127.0.0.1",
              "admin.enableServer=false",
              "4lw.commands.whitelist=ruok,srvr,stat,mntr",
              ""));
      ExternalProcess p =
          ExternalProcess.start(
              "zookeeper",
              List.of(script.toString(), "start-foreground", cfg.toString()),
              dir,
              Map.of("ZOO_LOG_DIR", dir.toString()),
              () -> fourLetter(port, "srvr").contains("Mode: standalone"),
              Duration.ofSeconds(30));
      return new ZooKeeper(p, port, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start ZooKeeper", e);
    }
  }

  public String connectString() {
    return "127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** Sends a four-letter command (ruok, srvr, stat, mntr) and returns the answer. */
  public static String fourLetter(int port, String command) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write(command.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    process.close();
    TempDirs.delete(dir);
  }
}
