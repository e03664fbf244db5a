package io.modelship.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sample's base image in the demo. The sample names {@code localhost:5000/...}, a registry the
 * demo does not have, so the demo's copy of {@code .modelship.yaml} names, in this order: the
 * configured {@code modelship.demo.base-image}; the Debian base (python3, Flask, gunicorn) that
 * {@code tools/base-images/build python-flask} caches, read by the Jib builder as {@code tar://};
 * or {@code scratch}, an image holding only the app and the model, which only the local-process
 * target can run.
 *
 * @param reference what {@code image.base} becomes
 * @param description for the demo's output: what it is and why
 * @param runnable false when no container can run the image (scratch)
 */
record DemoBaseImage(String reference, String description, boolean runnable) {

  /** What {@code image.base} accepts (the pipeline file's schema). */
  private static final Pattern BASE = Pattern.compile("^[a-z0-9][a-z0-9._/:@-]*$");

  static DemoBaseImage choose(String configured, Map<String, String> environment) {
    if (configured != null && !configured.isBlank()) {
      return new DemoBaseImage(configured, "configured (modelship.demo.base-image)", true);
    }
    String cache = environment.get("MODELSHIP_CACHE");
    if (cache == null || cache.isBlank()) {
      String xdg = environment.get("XDG_CACHE_HOME");
      String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
      cache = (xdg == null || xdg.isBlank() ? home + "/.cache" : xdg) + "/modelship";
    }
    Path tarball = Path.of(cache, "base-images", "python-flask.tar").toAbsolutePath().normalize();
    String why =
        "no cached Debian base at "
            + tarball
            + " (tools/base-images/build python-flask makes it; it needs root and debootstrap)";
    if (Files.isRegularFile(tarball)) {
      String reference = "tar://" + tarball;
      if (BASE.matcher(reference).matches()) {
        return new DemoBaseImage(
            reference, "the cached Debian base with python3, Flask and gunicorn", true);
      }
      why =
          "the cached Debian base's path "
              + tarball
              + " has characters image.base does not allow ([a-z0-9._/:@-])";
    }
    return new DemoBaseImage(
        "scratch",
        why + ": the image holds only the app and the model, so only a local process can run it",
        false);
  }
}
