package io.modelship.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An OCI image layout in a tarball, as the Jib builder writes it without a registry ({@code
 * oci-layout}, {@code index.json}, {@code blobs/sha256/...}).
 */
public final class OciArchive {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SMALL = 1 << 20;

  private final Path tarball;
  private final Map<String, byte[]> smallEntries;

  private OciArchive(Path tarball, Map<String, byte[]> smallEntries) {
    this.tarball = tarball;
    this.smallEntries = smallEntries;
  }

  /** Reads the archive's index and metadata (one pass; large blobs are skipped). */
  public static OciArchive open(Path tarball) throws IOException {
    Map<String, byte[]> small = new HashMap<>();
    try (InputStream file = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(file)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile() && entry.getSize() <= SMALL) {
          small.put(entry.getName(), tar.readAllBytes());
        }
      }
    }
    if (!small.containsKey("index.json")) {
      throw new IOException(
          "Expected an OCI image layout in " + tarball + ", but it has no index.json");
    }
    return new OciArchive(tarball, small);
  }

  /** The digest of the image's manifest, as the index names it. */
  public static String manifestDigest(Path tarball) throws IOException {
    return open(tarball).manifestDigest();
  }

  public String manifestDigest() throws IOException {
    return JSON.readTree(smallEntries.get("index.json"))
        .path("manifests")
        .path(0)
        .path("digest")
        .asText();
  }

  /**
   * Writes the archive in a form {@code docker load} understands: every entry as it is, plus the
   * {@code manifest.json} of the {@code docker save} format pointing at the same blobs. (Docker
   * engines before 25 cannot load a bare OCI layout.)
   *
   * @param repoTag the name the loaded image gets, e.g. {@code model-api:run-42}
   */
  public void writeDockerLoadable(OutputStream out, String repoTag) throws IOException {
    JsonNode manifest = JSON.readTree(blob(manifestDigest()));
    ObjectNode entry = JSON.createObjectNode();
    entry.put("Config", blobPath(manifest.path("config").path("digest").asText()));
    entry.putArray("RepoTags").add(repoTag);
    ArrayNode layers = entry.putArray("Layers");
    for (JsonNode layer : manifest.path("layers")) {
      layers.add(blobPath(layer.path("digest").asText()));
    }
    byte[] dockerManifest = JSON.writeValueAsBytes(JSON.createArrayNode().add(entry));

    TarArchiveOutputStream copy = new TarArchiveOutputStream(out);
    copy.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    copy.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    try (InputStream file = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(file)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        copy.putArchiveEntry(e);
        if (e.isFile()) {
          tar.transferTo(copy);
        }
        copy.closeArchiveEntry();
      }
    }
    TarArchiveEntry extra = new TarArchiveEntry("manifest.json");
    extra.setSize(dockerManifest.length);
    copy.putArchiveEntry(extra);
    copy.write(dockerManifest);
    copy.closeArchiveEntry();
    copy.finish();
    copy.flush();
  }

  private byte[] blob(String digest) throws IOException {
    byte[] bytes = smallEntries.get(blobPath(digest));
    if (bytes == null) {
      throw new IOException(
          "Expected the blob " + digest + " in " + tarball + ", but it is not there");
    }
    return bytes;
  }

  private static String blobPath(String digest) {
    return "blobs/" + digest.replace(':', '/');
  }
}
