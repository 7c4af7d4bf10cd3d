package dev.pacer.autodeployer.approve;

import dev.pacer.common.admin.AdminApi;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /approvals} (every approval, read only) and {@code POST /approvals/{id}} with {@code
 * {"vote": "approve" | "reject", "who": "alice", "reason"?}} behind the admin token: {@code pacer
 * approvals}, {@code pacer approve ID} and {@code pacer reject ID}. Each error names its field.
 */
public final class ApprovalsApi {
  private final Approvals approvals;

  public ApprovalsApi(Approvals approvals) {
    this.approvals = approvals;
  }

  public void mount(Router router, Handler<RoutingContext> requireToken) {
    router
        .get("/approvals")
        .handler(
            ctx ->
                AdminApi.json(
                    ctx, 200, new JsonObject().put("approvals", new JsonArray(approvals.list()))));
    AdminApi.readCommandBody(router, "/approvals/:id");
    router.post("/approvals/:id").handler(requireToken);
    router.post("/approvals/:id").handler(this::vote);
  }

  private void vote(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonObject b = AdminApi.jsonBody(ctx);
    if (b == null) {
      AdminApi.json(
          ctx,
          400,
          AdminApi.error("expected {\"vote\": \"approve\" or \"reject\", \"who\": \"alice\"}"));
      return;
    }
    Object vote = b.getValue("vote");
    if (!(Vote.APPROVE.equals(vote) || Vote.REJECT.equals(vote))) {
      AdminApi.json(
          ctx, 400, AdminApi.error("vote: \"approve\" or \"reject\", got " + quoted(vote)));
      return;
    }
    Object who = b.getValue("who");
    if (!(who instanceof String w) || w.isBlank() || w.contains(":")) {
      AdminApi.json(
          ctx,
          400,
          AdminApi.error("who: required, who votes (a name without ':'), got " + quoted(who)));
      return;
    }
    Object reason = b.getValue("reason");
    approvals
        .vote(
            id,
            w.strip(),
            (String) vote,
            "cli",
            "",
            reason == null ? "" : reason.toString().strip())
        .onSuccess(
            o ->
                AdminApi.json(
                    ctx,
                    o.status(),
                    o.status() == 200
                        ? new JsonObject().put("approval", new JsonObject(o.approval()))
                        : AdminApi.error(o.error())))
        .onFailure(e -> AdminApi.json(ctx, 500, AdminApi.error(String.valueOf(e.getMessage()))));
  }

  private static String quoted(Object v) {
    return v == null ? "nothing" : "'" + v + "'";
  }
}
