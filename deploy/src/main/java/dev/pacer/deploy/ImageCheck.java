package dev.pacer.deploy;

import io.vertx.core.Future;

/** Whether an image is in its registry (a manifest HEAD, with the autodeployer's credentials). */
@FunctionalInterface
public interface ImageCheck {
  /** What the registry said. */
  enum Status {
    FOUND,
    NOT_FOUND,
    /** Not asked: the image names no registry and none is configured; {@code detail} says so. */
    UNCHECKED
  }

  record Answer(Status status, String detail) {}

  /** Fails when the registry could not be asked (unreachable, 401, 5xx). */
  Future<Answer> check(String image);
}
