package io.modelship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.image.PublishedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An app's files and model as an image tarball holds them, unpacked into a folder that mirrors the
 * image's paths ({@code root/app/...}), so that a process can run exactly what was built. Only the
 * image's working directory and the model's path are unpacked, never the base's system files.
 *
 * <p>Reads both tarballs a build can leave: an OCI image layout (the Jib builder's {@code
 * oci-archive:PATH@sha256:...}) and a {@code docker save} archive (the Docker builder's, whose
 * "digest" is the image id). The tarball must hold the pinned digest; the unpacked model must have
 * the SHA-256 of the image's {@code io.modelship.model.sha256} label.
 *
 * @param root the folder that mirrors the image's paths
 * @param command the image's entrypoint and command
 * @param workdir the image's working directory, under {@code root}
 * @param model the model's file, under {@code root}
 */
record UnpackedApp(Path root, List<String> command, Path workdir, Path model) {

  static final String MODEL_LABEL = "io.modelship.model.sha256";
  private static final String WHITEOUT = ".wh.";

  /** True for images this class can read: tarballs on this machine. */
  static boolean readable(String pinned) {
    return pinned.startsWith(PublishedImage.ARCHIVE_PREFIX) && pinned.lastIndexOf('@') > 0;
  }

  /**
   * Unpacks the image's working directory and its model into {@code dir/root}, once: a folder
   * already unpacked from the same digest is used as it is.
   *
   * @param modelPath the model's absolute path in the image ({@code model.path})
   */
  static UnpackedApp unpack(String pinned, String modelPath, Path dir) throws IOException {
    if (!readable(pinned)) {
      throw new IllegalArgumentException(
          "Expected an image tarball pinned by digest (oci-archive:PATH@sha256:...), but got '"
              + pinned
              + "'");
    }
    int at = pinned.lastIndexOf('@');
    Path tarball = Path.of(pinned.substring(PublishedImage.ARCHIVE_PREFIX.length(), at));
    String digest = pinned.substring(at + 1);
    if (!Files.isRegularFile(tarball)) {
      throw new IOException(
          "Expected the image tarball " + tarball + ", but there is no such file");
    }
    ImageLayout layout = ImageLayout.read(tarball);
    if (!layout.digest().equals(digest)) {
      throw new IOException(
          "Expected " + tarball + " to hold " + digest + ", but it holds " + layout.digest());
    }
    JsonNode config = layout.config().path("config");
    String workdir = text(config.path("WorkingDir"), "/");
    Path root = dir.resolve("root");
    Path done = dir.resolve(".unpacked-" + digest.replace(':', '-'));
    if (!Files.exists(done)) {
      deleteTree(dir);
      Files.createDirectories(root);
      extract(tarball, layout.layers(), List.of(workdir, modelPath), dir.resolve("layers"), root);
      deleteTree(dir.resolve("layers"));
      Files.createFile(done);
    }
    Path model = under(root, modelPath);
    String expected = config.path("Labels").path(MODEL_LABEL).asText("");
    if (!expected.isEmpty()) {
      String actual = Files.isRegularFile(model) ? sha256(model) : "no file";
      if (!expected.equals(actual)) {
        throw new IOException(
            "Expected the model at "
                + modelPath
                + " in "
                + pinned
                + " to have SHA-256 "
                + expected
                + ", but it has "
                + actual);
      }
    }
    List<String> command = new ArrayList<>();
    config.path("Entrypoint").forEach(n -> command.add(n.asText()));
    config.path("Cmd").forEach(n -> command.add(n.asText()));
    return new UnpackedApp(root, List.copyOf(command), under(root, workdir), model);
  }

  /** Where an absolute image path lies under the root. */
  static Path under(Path root, String imagePath) {
    String relative = imagePath.replaceFirst("^/+", "");
    return relative.isEmpty() ? root : root.resolve(relative).normalize();
  }

  /**
   * One pass over the outer tarball: each layer's wanted entries go into a folder of their own
   * (layers may come in any order there); then the folders are laid over each other in layer order,
   * whiteouts included.
   */
  private static void extract(
      Path tarball, List<String> layers, List<String> wanted, Path staging, Path root)
      throws IOException {
    try (TarArchiveInputStream outer = open(tarball)) {
      TarArchiveEntry entry;
      while ((entry = outer.getNextEntry()) != null) {
        int index = layers.indexOf(entry.getName());
        if (index >= 0 && entry.isFile()) {
          extractLayer(outer, wanted, staging.resolve(Integer.toString(index)));
        }
      }
    }
    for (int i = 0; i < layers.size(); i++) {
      Path layer = staging.resolve(Integer.toString(i));
      if (Files.isDirectory(layer)) {
        overlay(layer, root);
      }
    }
  }

  private static void extractLayer(InputStream layerStream, List<String> wanted, Path target)
      throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(nonClosing(layerStream));
    buffered.mark(2);
    boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
    buffered.reset();
    InputStream content = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    TarArchiveInputStream tar = new TarArchiveInputStream(content);
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      String path = "/" + entry.getName().replaceFirst("^\\./", "").replaceFirst("^/+", "");
      path = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
      if (!isWanted(path, wanted) || List.of(path.split("/")).contains("..")) {
        continue;
      }
      Path file = under(target, path);
      if (!file.startsWith(target)) {
        continue;
      }
      if (entry.isDirectory()) {
        Files.createDirectories(file);
      } else if (entry.isFile()) {
        Files.createDirectories(file.getParent());
        Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
        if ((entry.getMode() & 0100) != 0) {
          file.toFile().setExecutable(true);
        }
      }
      // Links and devices are left out: an app's files and its model are plain files.
    }
    tar.transferTo(java.io.OutputStream.nullOutputStream());
  }

  private static boolean isWanted(String path, List<String> wanted) {
    for (String prefix : wanted) {
      String p = prefix.length() > 1 ? prefix.replaceFirst("/+$", "") : prefix;
      if (p.equals("/") || path.equals(p) || path.startsWith(p + "/")) {
        return true;
      }
      // A whiteout beside a wanted path removes it.
      String parent = path.substring(0, path.lastIndexOf('/') + 1);
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (name.startsWith(WHITEOUT) && (parent + name.substring(WHITEOUT.length())).equals(p)) {
        return true;
      }
    }
    return false;
  }

  /** Lays one layer's files over the root: whiteouts delete, files replace. */
  private static void overlay(Path layer, Path root) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(layer)) {
      paths = walk.sorted().toList();
    }
    for (Path source : paths) {
      Path target = root.resolve(layer.relativize(source).toString());
      String name = source.getFileName().toString();
      if (name.equals(".wh..wh..opq")) {
        deleteTree(target.getParent());
        Files.createDirectories(target.getParent());
      } else if (name.startsWith(WHITEOUT)) {
        deleteTree(target.resolveSibling(name.substring(WHITEOUT.length())));
      }
    }
    for (Path source : paths) {
      Path target = root.resolve(layer.relativize(source).toString());
      if (source.getFileName().toString().startsWith(WHITEOUT)) {
        continue;
      }
      if (Files.isDirectory(source)) {
        Files.createDirectories(target);
      } else {
        Files.createDirectories(target.getParent());
        Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static TarArchiveInputStream open(Path tarball) throws IOException {
    return new TarArchiveInputStream(
        new BufferedInputStream(Files.newInputStream(tarball), 1 << 16));
  }

  private static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {
        // The outer tarball stays open for its next entry.
      }
    };
  }

  private static String text(JsonNode node, String fallback) {
    String value = node.asText("");
    return value.isEmpty() ? fallback : value;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Expected SHA-256 in every JDK, but it is missing", e);
    }
  }

  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
