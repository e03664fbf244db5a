package io.modelship.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.modelship.servers.AzuriteServer;
import io.modelship.servers.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 100 MB model fetched, from each kind of store, by a JVM whose heap is capped at 64 MB: the
 * model is streamed to disk and never held whole in memory.
 */
class LargeModelFetchIT {

  @RegisterExtension static final AzuriteServer AZURITE = new AzuriteServer();
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  static final long SIZE = 100L * 1000 * 1000;

  @TempDir static Path work;
  static Path fileRoot;
  static String sha256;

  @BeforeAll
  static void uploadA100MbModel() throws IOException {
    fileRoot = Files.createDirectories(work.resolve("models"));
    Path model = fileRoot.resolve("large.bin");
    sha256 = TestModels.writeFile(model, 100, SIZE);
    BlobContainerClient container = AZURITE.serviceClient().createBlobContainer("models");
    container.getBlobClient("large.bin").uploadFromFile(model.toString());
    try (S3Client s3 = S3.client()) {
      s3.createBucket(b -> b.bucket("models"));
      s3.putObject(b -> b.bucket("models").key("large.bin"), RequestBody.fromFile(model));
    }
  }

  @Test
  void shouldStreamA100MbBlobWithA64MbHeap() throws Exception {
    assertFetchedInSmallHeap("azblob://" + AzuriteServer.ACCOUNT + "/models/large.bin", "azure");
  }

  @Test
  void shouldStreamA100MbS3ObjectWithA64MbHeap() throws Exception {
    assertFetchedInSmallHeap("s3://models/large.bin", "s3");
  }

  @Test
  void shouldCopyA100MbFileWithA64MbHeap() throws Exception {
    assertFetchedInSmallHeap("file:large.bin", "file");
  }

  private void assertFetchedInSmallHeap(String uri, String name) throws Exception {
    // given
    Path cache = work.resolve("cache-" + name);
    ProcessBuilder builder =
        new ProcessBuilder(
                ModelFetchMain.command(
                    System.getProperty("java.class.path"),
                    uri,
                    sha256,
                    cache.toString(),
                    fileRoot.toString()))
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("AZURE_CONNECTION_STRING", AZURITE.connectionString());
    env.put("S3_ENDPOINT", S3.endpoint().toString());
    env.put("S3_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY_ID);
    env.put("S3_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_ACCESS_KEY);

    // when
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean exited = process.waitFor(3, TimeUnit.MINUTES);

    // then
    assertThat(exited).as("fetch finished within 3 minutes").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    String[] result = output.strip().lines().reduce((a, b) -> b).orElse("").split(" ");
    assertThat(result).as(output).hasSize(4);
    assertThat(result[0]).isEqualTo(sha256);
    assertThat(Long.parseLong(result[1])).isEqualTo(SIZE);
    assertThat(Long.parseLong(result[2])).isEqualTo(SIZE);
    assertThat(Long.parseLong(result[3])).as("max heap").isLessThanOrEqualTo(64L << 20);
  }
}
