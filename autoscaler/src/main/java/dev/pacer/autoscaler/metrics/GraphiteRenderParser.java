package dev.pacer.autoscaler.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes Graphite's {@code /render?format=json} answer: {@code [{"target": …, "tags": {…},
 * "datapoints": [[value|null, epochSeconds], …]}, …]}. Streams, so 10,000 series do not become a
 * tree first. {@code null}, {@code 1e9999} and {@code -1e9999} become {@code NaN}. Pure.
 */
public final class GraphiteRenderParser {
  private static final JsonFactory JSON = new JsonFactory();

  private GraphiteRenderParser() {}

  /**
   * @throws IOException when the body is not a render answer, with what was wrong
   */
  public static List<Series> parse(InputStream body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException("expected a JSON array of series, got " + p.currentToken());
      }
      List<Series> out = new ArrayList<>();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        out.add(series(p));
      }
      if (p.currentToken() != JsonToken.END_ARRAY) {
        throw new IOException("expected a series object, got " + p.currentToken());
      }
      return out;
    }
  }

  private static Series series(JsonParser p) throws IOException {
    String target = null;
    List<double[]> points = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if ("target".equals(field) && t == JsonToken.VALUE_STRING) {
        target = p.getText();
      } else if ("datapoints".equals(field) && t == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_ARRAY) {
          points.add(point(p));
        }
      } else {
        p.skipChildren();
      }
    }
    if (target == null) {
      throw new IOException("a series without a target");
    }
    return Series.of(target, points);
  }

  private static double[] point(JsonParser p) throws IOException {
    JsonToken v = p.nextToken();
    double value = v.isNumeric() ? p.getDoubleValue() : Double.NaN;
    if (!v.isNumeric() && v != JsonToken.VALUE_NULL) {
      throw new IOException("a point's value must be a number or null, got " + v);
    }
    if (!Double.isFinite(value)) {
      value = Double.NaN;
    }
    JsonToken t = p.nextToken();
    if (!t.isNumeric()) {
      throw new IOException("a point's time must be a number, got " + t);
    }
    double time = p.getDoubleValue();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      p.skipChildren();
    }
    return new double[] {value, time};
  }
}
