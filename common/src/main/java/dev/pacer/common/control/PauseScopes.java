package dev.pacer.common.control;

import dev.pacer.common.marathon.MarathonClient;
import dev.pacer.common.marathon.MarathonException;
import io.vertx.core.Future;
import java.util.Set;

/**
 * What a pause may name: a pool must be one of the config's ({@code pool:<name>}, from every
 * daemon's {@code pauseScopes}), an app one Marathon has. When Marathon cannot answer, the scope is
 * taken unchecked ({@link PauseService} logs it).
 */
public final class PauseScopes {
  private PauseScopes() {}

  public static PauseService.ScopeCheck of(Set<String> known, MarathonClient marathon) {
    return scope -> {
      if (scope.startsWith(Pause.POOL_PREFIX)) {
        return Future.succeededFuture(
            known.contains(scope)
                ? null
                : "no pool "
                    + scope.substring(Pause.POOL_PREFIX.length())
                    + " (pacer.agent-scaler.pools has "
                    + known.stream()
                        .filter(k -> k.startsWith(Pause.POOL_PREFIX))
                        .map(k -> k.substring(Pause.POOL_PREFIX.length()))
                        .toList()
                    + ")");
      }
      if (scope.equals(Pause.DEPLOYS_GLOBAL)) {
        return Future.succeededFuture(null);
      }
      if (scope.startsWith(Pause.DEPLOYS_PREFIX)) {
        String app = scope.substring(Pause.DEPLOYS_PREFIX.length());
        if (!app.startsWith("/")) {
          return Future.succeededFuture(
              "a deploy freeze names an app (deploys:/shop/web) or all (deploys:global), got "
                  + scope);
        }
        return check(marathon, app);
      }
      if (scope.startsWith("/")) {
        return check(marathon, scope);
      }
      return Future.succeededFuture(null);
    };
  }

  private static Future<String> check(MarathonClient marathon, String scope) {
    return marathon
        .getApp(scope)
        .map((String) null)
        .recover(
            e ->
                e instanceof MarathonException.NotFound
                    ? Future.succeededFuture("no app " + scope + " in Marathon")
                    : Future.failedFuture(e));
  }
}
