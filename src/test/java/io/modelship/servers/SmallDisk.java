package io.modelship.servers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of its own (a tmpfs mounted on a temporary folder) that a test can fill up to
 * the last byte and free again, to see what a full disk does. Mounting needs root (or
 * CAP_SYS_ADMIN); where it is refused the test fails with a message saying so, it does not skip.
 */
public final class SmallDisk implements AutoCloseable {

  private final Path mountPoint;
  private final Path filler;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.filler = mountPoint.resolve(".filler");
  }

  /** Mounts a tmpfs of {@code megabytes} MB on a new temporary folder. */
  public static SmallDisk mount(int megabytes) {
    try {
      Path folder = Files.createTempDirectory("modelship-small-disk-");
      run(
          "mount",
          "-t",
          "tmpfs",
          "-o",
          "size=" + megabytes + "m,mode=0777",
          "tmpfs",
          folder.toString());
      return new SmallDisk(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path root() {
    return mountPoint;
  }

  /** Takes every free byte with a filler file: the next write that needs a block fails. */
  public void fill() {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw new UncheckedIOException("Expected to fill " + mountPoint + ", but", full);
      }
    }
    // Single bytes too, so not even a small file fits in what the last 64 KB left.
    try (OutputStream out =
        Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
      }
    } catch (IOException full) {
      // full to the byte
    }
  }

  /** Gives the space back. */
  public void free() {
    try {
      Files.deleteIfExists(filler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      run("umount", "-l", mountPoint.toString());
      Files.deleteIfExists(mountPoint);
    } catch (IOException | RuntimeException e) {
      // best effort: a leftover tmpfs goes with the machine
    }
  }

  private static void run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes()).trim();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "Expected `"
                + String.join(" ", command)
                + "` to work (a full-disk test mounts a small tmpfs; it needs root or"
                + " CAP_SYS_ADMIN), but: "
                + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
