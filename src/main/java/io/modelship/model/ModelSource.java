package io.modelship.model;

import java.nio.file.Path;

/**
 * One storage technology as {@link ModelCache} uses it: ask for an object's current version, and
 * download that version. Implementations classify failures as {@link ModelStore} describes.
 */
public interface ModelSource {

  /** The object's current version, by a cheap request that moves no content. */
  ObjectVersion head(ModelLocation location);

  /**
   * Downloads exactly {@code version} of the object into {@code target} (which does not exist yet),
   * failing transiently if the object changed meanwhile.
   *
   * @return the lowercase hex SHA-256 of the bytes written, computed by Modelship
   */
  String download(ModelLocation location, ObjectVersion version, Path target);
}
