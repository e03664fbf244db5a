package io.modelship.model;

import io.modelship.steplog.SecretMasker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * Fetches one model in a JVM of its own, as {@link LargeModelFetchIT} starts it with a small heap.
 * Arguments: URI, expected SHA-256, cache folder, file root. Store settings come from the
 * environment ({@code AZURE_CONNECTION_STRING}, {@code S3_ENDPOINT}, {@code S3_ACCESS_KEY_ID},
 * {@code S3_SECRET_ACCESS_KEY}). Prints one line: {@code sha256 size bytesTransferred maxHeap}.
 */
public final class ModelFetchMain {

  private ModelFetchMain() {}

  public static void main(String[] args) {
    String uri = args[0];
    String expectedSha256 = args[1];
    ModelCache cache = new ModelCache(Path.of(args[2]));
    SecretMasker masker = SecretMasker.patternsOnly();
    AzureBlobModelStore azure =
        new AzureBlobModelStore(
            new AzureBlobModelStoreProperties(
                "http://127.0.0.1:1/{account}",
                System.getenv("AZURE_CONNECTION_STRING"),
                null,
                DataSize.ofMegabytes(8),
                4,
                3,
                Duration.ofMinutes(5)),
            cache,
            masker);
    String s3Endpoint = System.getenv("S3_ENDPOINT");
    try (S3ModelStore s3 =
        new S3ModelStore(
            new S3ModelStoreProperties(
                "us-east-1",
                s3Endpoint == null ? null : URI.create(s3Endpoint),
                true,
                System.getenv("S3_ACCESS_KEY_ID"),
                System.getenv("S3_SECRET_ACCESS_KEY"),
                DataSize.ofMegabytes(8),
                4,
                3,
                Duration.ofMinutes(5)),
            cache,
            masker)) {
      ModelStore store =
          new RoutingModelStore(azure, s3, new FileModelStore(Path.of(args[3]), cache));
      FetchedModel model = store.fetch(uri, expectedSha256, line -> {});
      System.out.println(
          model.sha256()
              + " "
              + model.size()
              + " "
              + model.bytesTransferred()
              + " "
              + Runtime.getRuntime().maxMemory());
    }
    System.exit(0);
  }

  static List<String> command(String javaClassPath, String... args) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java.toString(), "-Xmx64m", "-cp", javaClassPath, ModelFetchMain.class.getName()));
    command.addAll(List.of(args));
    return command;
  }
}
