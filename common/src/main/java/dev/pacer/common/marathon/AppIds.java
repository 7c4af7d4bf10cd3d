package dev.pacer.common.marathon;

/** Marathon app ids as other systems spell them. */
public final class AppIds {
  private AppIds() {}

  /**
   * {@code /shop/web} → {@code shop.web}: the app's part of a Graphite path, what the autoscale
   * label's {@code ${id}} stands for and where the collector writes.
   */
  public static String metricId(String appId) {
    String id = appId.startsWith("/") ? appId.substring(1) : appId;
    return id.replace('/', '.');
  }
}
