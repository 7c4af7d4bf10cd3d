package dev.pacer.autoscaler.metrics;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** Where the autoscaler reads its metrics. */
public interface MetricsSource {

  /**
   * One sample per query, by app id. Never fails: a source that cannot answer gives {@link
   * Sample.NoData} with the reason to every app it could not read, so those apps hold and the rest
   * carry on.
   */
  Future<Map<String, Sample>> samples(List<MetricQuery> queries);

  /** Requests sent so far; the benchmark counts them. */
  long requests();

  void close();
}
