package io.modelship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What an image tarball holds, read in one pass over its small entries: an OCI image layout (the
 * Jib builder's, {@code index.json} and {@code blobs/sha256/...}) or a {@code docker save} archive
 * (the Docker builder's, {@code manifest.json}, named by its image id).
 *
 * @param layers the layers' entry names in the tarball, bottom first
 * @param config the image's configuration (entrypoint, working directory, labels)
 * @param digest the manifest's digest, or for a {@code docker save} archive the image id
 */
record ImageLayout(List<String> layers, JsonNode config, String digest) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SMALL = 1 << 20;

  static ImageLayout read(Path tarball) throws IOException {
    Map<String, byte[]> small = smallEntries(tarball);
    return small.containsKey("index.json") ? oci(small, tarball) : docker(small, tarball);
  }

  private static ImageLayout oci(Map<String, byte[]> small, Path tarball) throws IOException {
    String manifestDigest =
        JSON.readTree(small.get("index.json")).path("manifests").path(0).path("digest").asText();
    JsonNode manifest = JSON.readTree(blob(small, manifestDigest, tarball));
    List<String> layers = new ArrayList<>();
    manifest.path("layers").forEach(l -> layers.add(blobPath(l.path("digest").asText())));
    JsonNode config =
        JSON.readTree(blob(small, manifest.path("config").path("digest").asText(), tarball));
    return new ImageLayout(layers, config, manifestDigest);
  }

  private static ImageLayout docker(Map<String, byte[]> small, Path tarball) throws IOException {
    byte[] manifestBytes = small.get("manifest.json");
    if (manifestBytes == null) {
      throw new IOException(
          "Expected an OCI layout or a docker save archive in "
              + tarball
              + ", but it has neither index.json nor manifest.json");
    }
    JsonNode manifest = JSON.readTree(manifestBytes).path(0);
    String configPath = manifest.path("Config").asText();
    byte[] config = small.get(configPath);
    if (config == null) {
      throw new IOException("Expected " + configPath + " in " + tarball + ", but it is missing");
    }
    List<String> layers = new ArrayList<>();
    manifest.path("Layers").forEach(l -> layers.add(l.asText()));
    // docker save names an image by its id: the SHA-256 of its config.
    return new ImageLayout(layers, JSON.readTree(config), "sha256:" + sha256(config));
  }

  private static Map<String, byte[]> smallEntries(Path tarball) throws IOException {
    Map<String, byte[]> small = new HashMap<>();
    try (TarArchiveInputStream tar = open(tarball)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile() && entry.getSize() <= SMALL) {
          small.put(entry.getName(), tar.readAllBytes());
        }
      }
    }
    return small;
  }

  private static byte[] blob(Map<String, byte[]> small, String digest, Path tarball)
      throws IOException {
    byte[] bytes = small.get(blobPath(digest));
    if (bytes == null) {
      throw new IOException(
          "Expected the blob " + digest + " in " + tarball + ", but it is missing");
    }
    return bytes;
  }

  private static String blobPath(String digest) {
    return "blobs/" + digest.replace(':', '/');
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Expected SHA-256 in every JDK, but it is missing", e);
    }
  }

  private static TarArchiveInputStream open(Path tarball) throws IOException {
    return new TarArchiveInputStream(
        new BufferedInputStream(Files.newInputStream(tarball), 1 << 16));
  }
}
