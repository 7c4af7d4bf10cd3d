package dev.pacer.deploy;

import com.typesafe.config.Config;
import dev.pacer.autodeployer.deploy.RegistryClient;
import dev.pacer.autodeployer.ingest.ImageReference;
import dev.pacer.common.config.ConfigInvalidException;
import dev.pacer.common.config.ConfigLoader;
import dev.pacer.common.config.ConfigReader;
import dev.pacer.common.config.PacerConfig;
import dev.pacer.common.config.Secret;
import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.marathon.MarathonEvent;
import dev.pacer.common.marathon.MarathonEventStream;
import dev.pacer.common.marathon.WebClientMarathonClient;
import dev.pacer.common.mesos.MesosMaster;
import dev.pacer.common.time.Scheduler;
import dev.pacer.common.time.VertxScheduler;
import dev.pacer.deploy.sandbox.SandboxLogs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The composition root of the deploy tool: reads Pacer's config (Marathon, the registry's
 * credentials, the Mesos masters), builds the clients, and runs a command on a Vert.x context.
 */
public final class DeployMain {
  private DeployMain() {}

  /** What a command needs: the clients, built from Pacer's config. */
  record Clients(
      Vertx vertx,
      Scheduler scheduler,
      PacerConfig config,
      MarathonClient marathon,
      RegistryClient registry,
      MesosMaster mesos,
      int dockerPort) {
    /**
     * Closes the clients and waits for Vert.x to stop: an exit with Vert.x still running waits
     * about a third of a second for its event loops to shut down, awaited it takes a few ms.
     */
    void close() {
      marathon.close();
      mesos.close();
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // exiting anyway
      }
    }
  }

  /** {@code pacer deploy}: the exit code (0 deployed, 1 failed, 2 usage, 3 no image, 124). */
  public static int deploy(DeployOptions o, Terminal term) {
    Optional<Clients> clients = clients(o.pacerConfig(), o.marathon(), o.mesos(), term);
    if (clients.isEmpty()) {
      return DeployRun.USAGE;
    }
    Clients c = clients.get();
    SandboxLogs logs = new SandboxLogs(c.vertx(), c.mesos(), c.config().mesos().timeout());
    DeployRun run =
        new DeployRun(
            o,
            System.getenv(),
            c.marathon(),
            events(c),
            imageCheck(c),
            logs,
            c.scheduler(),
            term,
            GitSource.describe(o.file()));
    try {
      return onContext(c.vertx(), v -> run.run());
    } finally {
      logs.close();
      c.close();
    }
  }

  /** {@code pacer validate DIR}: 0 all valid, 1 any problem, 2 usage. */
  public static int validate(
      java.nio.file.Path dir,
      Optional<String> env,
      boolean registry,
      Optional<java.nio.file.Path> pacerConfig,
      Terminal term) {
    Optional<Clients> clients = clients(pacerConfig, Optional.empty(), Optional.empty(), term);
    if (clients.isEmpty()) {
      return DeployRun.USAGE;
    }
    Clients c = clients.get();
    try {
      return onContext(
          c.vertx(),
          v -> Validate.run(dir, env, System.getenv(), registry ? imageCheck(c) : null, term));
    } finally {
      c.close();
    }
  }

  /**
   * {@code pacer exec}: prints the docker command ({@code print}) or runs it, its terminal this
   * one's; the exit code is docker's, or 1 when the task or its container is not found.
   */
  public static int exec(
      String appId,
      Optional<String> taskId,
      boolean print,
      java.util.List<String> cmd,
      Optional<java.nio.file.Path> pacerConfig,
      Optional<String> marathonUrl,
      Optional<String> mesosUrl,
      Terminal term) {
    Optional<Clients> clients = clients(pacerConfig, marathonUrl, mesosUrl, term);
    if (clients.isEmpty()) {
      return DeployRun.USAGE;
    }
    Clients c = clients.get();
    SandboxLogs mesos = new SandboxLogs(c.vertx(), c.mesos(), c.config().mesos().timeout());
    java.util.List<String> docker;
    try {
      int port = c.dockerPort();
      java.util.concurrent.atomic.AtomicReference<java.util.List<String>> found =
          new java.util.concurrent.atomic.AtomicReference<>();
      int code =
          onContext(
              c.vertx(),
              v ->
                  Exec.command(c.marathon(), mesos, appId, taskId, port, term.live(), cmd)
                      .map(
                          l -> {
                            found.set(l);
                            return DeployRun.OK;
                          })
                      .recover(
                          e -> {
                            term.error("pacer: " + DeployRun.describe(e));
                            return Future.succeededFuture(DeployRun.FAILED);
                          }));
      if (code != DeployRun.OK) {
        return code;
      }
      docker = found.get();
    } finally {
      mesos.close();
      c.close();
    }
    if (print) {
      term.text(String.join(" ", docker.stream().map(DeployMain::shellQuote).toList()));
      return DeployRun.OK;
    }
    try {
      return new ProcessBuilder(docker).inheritIO().start().waitFor();
    } catch (java.io.IOException e) {
      term.error(
          "pacer: cannot run docker ("
              + e.getMessage()
              + "); pacer exec --print shows the command to run elsewhere");
      return DeployRun.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeployRun.FAILED;
    }
  }

  static String shellQuote(String s) {
    return s.matches("[A-Za-z0-9_@%+=:,./-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  /** {@code pacer diff FILE}: the diff against the running app; 0, or 2 for an invalid config. */
  public static int diff(DeployOptions o, Terminal term) {
    DeployOptions dry =
        new DeployOptions(
            o.file(),
            o.env(),
            o.overrides(),
            o.image(),
            true,
            o.timeout(),
            o.marathon(),
            o.mesos(),
            true,
            false,
            false,
            0,
            1,
            false,
            o.pacerConfig(),
            o.user(),
            true);
    return deploy(dry, term);
  }

  static Optional<Clients> clients(
      Optional<java.nio.file.Path> pacerConfig,
      Optional<String> marathonUrl,
      Optional<String> mesosUrl,
      Terminal term) {
    Map<String, String> overrides = new LinkedHashMap<>();
    marathonUrl.ifPresent(u -> overrides.put("pacer.marathon.urls", "[\"" + u + "\"]"));
    mesosUrl.ifPresent(u -> overrides.put("pacer.mesos.urls", "[\"" + u + "\"]"));
    PacerConfig pc;
    String registryUrl;
    String username;
    Secret password;
    int dockerPort;
    try {
      Config config = ConfigLoader.load(pacerConfig, overrides);
      ConfigReader r = new ConfigReader(config);
      pc = PacerConfig.read(r);
      registryUrl = r.string("pacer.autodeployer.registry.url").strip();
      username = r.string("pacer.autodeployer.registry.username");
      password = r.secret("pacer.autodeployer.registry.password");
      dockerPort = r.intIn("pacer.exec.docker-port", 1, 65535);
      r.throwIfInvalid();
    } catch (ConfigInvalidException e) {
      term.error("pacer: " + e.getMessage());
      return Optional.empty();
    }
    Vertx vertx = Vertx.vertx();
    Scheduler scheduler = new VertxScheduler(vertx, Clock.systemUTC());
    return Optional.of(
        new Clients(
            vertx,
            scheduler,
            pc,
            new WebClientMarathonClient(vertx, pc.marathon(), "pacer-deploy"),
            new RegistryClient(vertx, scheduler, registryUrl, username, password),
            new MesosMaster(vertx, pc.mesos().urls(), pc.mesos().timeout()),
            dockerPort));
  }

  static ImageCheck imageCheck(Clients c) {
    return image -> {
      ImageReference ref;
      try {
        ref = ImageReference.parse(image);
      } catch (IllegalArgumentException e) {
        return Future.succeededFuture(
            new ImageCheck.Answer(ImageCheck.Status.NOT_FOUND, e.getMessage()));
      }
      String base = c.registry().base(ref.host());
      if (base.isEmpty()) {
        return Future.succeededFuture(
            new ImageCheck.Answer(
                ImageCheck.Status.UNCHECKED,
                "it names no registry host and pacer.autodeployer.registry.url is empty"));
      }
      return c.registry()
          .digest(base, ref.repository(), ref.manifest())
          .map(
              d ->
                  d.isPresent()
                      ? new ImageCheck.Answer(
                          ImageCheck.Status.FOUND, "in " + base + " (" + d.get() + ")")
                      : new ImageCheck.Answer(
                          ImageCheck.Status.NOT_FOUND,
                          "image "
                              + image
                              + " is not in the registry "
                              + base
                              + ": it has no manifest "
                              + ref.manifest()
                              + " in "
                              + ref.repository()
                              + " (push it first, or correct container.docker.image)"));
    };
  }

  static MarathonEvents events(Clients c) {
    return new MarathonEvents() {
      private MarathonEventStream stream;
      private int connects;

      @Override
      public Future<Boolean> attach(Consumer<MarathonEvent> onEvent, Runnable onReconnect) {
        stream =
            new MarathonEventStream(
                c.vertx(),
                c.config().marathon(),
                DeployRun.EVENT_TYPES,
                e -> {
                  Map<String, Object> payload =
                      DeployRun.plain(new io.vertx.core.json.JsonObject(e.payload()));
                  onEvent.accept(new MarathonEvent(e.eventType(), e.appIds(), payload));
                  return Future.succeededFuture();
                },
                () -> {
                  if (connects++ > 0) {
                    onReconnect.run();
                  }
                  return Future.succeededFuture();
                });
        stream.start();
        return stream.firstAttempt().map(v -> stream.connected());
      }

      @Override
      public Future<Void> close() {
        return stream == null ? Future.succeededFuture() : stream.stop();
      }
    };
  }

  /** Runs {@code body} on a context of {@code vertx} and waits for its result. */
  static int onContext(Vertx vertx, Function<Void, Future<Integer>> body) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    vertx
        .getOrCreateContext()
        .runOnContext(
            v -> {
              Promise<Integer> p = Promise.promise();
              try {
                body.apply(null).onComplete(p);
              } catch (RuntimeException e) {
                p.fail(e);
              }
              p.future().onSuccess(result::complete).onFailure(result::completeExceptionally);
            });
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeployRun.FAILED;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
