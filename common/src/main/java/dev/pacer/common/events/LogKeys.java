package dev.pacer.common.events;

/** How a log line names the event it is about, in the one key style every line uses. */
public final class LogKeys {
  private LogKeys() {}

  /**
   * The line's keys, in the one style every log line uses ({@code app=/shop/web} for an app, {@code
   * pool=scaling} for a pool, {@code scope=global} for a pause's other scopes), with the event's id
   * and the push and deployment it concerns: a JSON line has each as a field.
   */
  public static String of(PacerEvent e) {
    StringBuilder sb = new StringBuilder();
    String subject = e.subject();
    if (subject.startsWith("/")) {
      sb.append("app=").append(subject);
    } else if (e.type().startsWith("pacer.agents.") || e.type().startsWith("pacer.pool")) {
      sb.append("pool=").append(subject);
    } else if (subject.startsWith(dev.pacer.common.control.Pause.POOL_PREFIX)) {
      sb.append("pool=")
          .append(subject.substring(dev.pacer.common.control.Pause.POOL_PREFIX.length()));
    } else {
      sb.append("scope=").append(subject.isEmpty() ? "-" : subject);
    }
    int slash = e.source().lastIndexOf('/');
    if (slash >= 0 && slash < e.source().length() - 1) {
      sb.append(" daemon=").append(e.source().substring(slash + 1));
    }
    sb.append(" event_id=").append(e.id());
    Object push = e.data().get("push-id");
    if (push != null && !String.valueOf(push).isEmpty()) {
      sb.append(" push_id=").append(push);
    }
    Object deployment = e.data().get("deployment-id");
    if (deployment != null && !String.valueOf(deployment).isEmpty()) {
      sb.append(" deployment_id=").append(deployment);
    }
    return sb.toString();
  }
}
