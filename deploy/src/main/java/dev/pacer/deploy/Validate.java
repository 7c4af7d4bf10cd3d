package dev.pacer.deploy;

import dev.pacer.deploy.config.AppConfigs;
import dev.pacer.deploy.config.AppRepo;
import dev.pacer.deploy.config.Problem;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code pacer validate DIR}: CI for a config repository. Every app renders (alone and with each
 * overlay, or in {@code --env}), every Pacer section parses, every app passes Marathon's schema,
 * and every image is in its registry; all problems are listed at once, each with its file and line.
 * Exit 0 when there is none, 1 when there is any, 2 when DIR is not a directory.
 */
public final class Validate {
  private Validate() {}

  /**
   * @param images null: no registry check ({@code --no-registry})
   */
  public static Future<Integer> run(
      Path dir,
      Optional<String> env,
      Map<String, String> environment,
      ImageCheck images,
      Terminal term) {
    if (!Files.isDirectory(dir)) {
      term.error("pacer: " + dir + " is not a directory of app configs");
      return Future.succeededFuture(DeployRun.USAGE);
    }
    List<AppRepo.Target> targets = AppRepo.targets(dir, env);
    List<String> problems = new ArrayList<>();
    Map<String, String> imageAt = new LinkedHashMap<>();
    int apps = 0;
    for (AppRepo.Target t : targets) {
      AppConfigs.Result r =
          AppConfigs.load(t.file(), new AppConfigs.Options(t.env(), Map.of(), environment));
      for (Problem p : r.problems()) {
        problems.add(p + t.env().map(e -> " (--env " + e + ")").orElse(""));
      }
      if (r.ok()) {
        apps++;
      }
      // an app with other problems still has its image checked: every problem at once
      r.image().ifPresent(i -> imageAt.putIfAbsent(i, t.toString()));
    }
    if (targets.isEmpty()) {
      problems.add(dir + ": no app configs (NAME.conf) in it");
    }
    Future<Void> checked = Future.succeededFuture();
    List<String> imageProblems = new ArrayList<>();
    if (images != null) {
      List<Future<?>> all = new ArrayList<>();
      imageAt.forEach(
          (image, where) ->
              all.add(
                  images
                      .check(image)
                      .onSuccess(
                          a -> {
                            if (a.status() == ImageCheck.Status.NOT_FOUND) {
                              imageProblems.add(where + ": " + a.detail());
                            }
                          })
                      .onFailure(
                          e ->
                              imageProblems.add(
                                  where
                                      + ": could not check image "
                                      + image
                                      + ": "
                                      + e.getMessage()))));
      checked = Future.join(all).mapEmpty();
    }
    int rendered = apps;
    return checked
        .recover(e -> Future.succeededFuture())
        .map(
            v -> {
              imageProblems.sort(null);
              problems.addAll(imageProblems);
              problems.forEach(term::text);
              if (problems.isEmpty()) {
                term.text(
                    rendered
                        + " app config(s) in "
                        + dir
                        + " valid"
                        + (images == null
                            ? " (images not checked: --no-registry)"
                            : ", " + imageAt.size() + " image(s) found"));
                return DeployRun.OK;
              }
              term.text(problems.size() + " problem(s) in " + dir);
              return DeployRun.FAILED;
            });
  }
}
