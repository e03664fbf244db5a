package io.modelship.model;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.modelship.servers.AzuriteServer;
import io.modelship.servers.HttpCountingProxy;
import io.modelship.servers.S3ProxyServer;
import io.modelship.steplog.SecretMasker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Model fetch throughput from Azurite and from s3proxy, as a ratio to a plain single-stream HTTP
 * GET of the same object from the same server, measured side by side in one run; and the bytes a
 * re-fetch of an unchanged model moves, counted at a loopback proxy. Not a test: run it with {@code
 * bin/bench-model-fetch [MEGABYTES] [ROUNDS]}.
 *
 * <p>Each round times, in alternating order, a plain GET into a file (java.net.http, one stream)
 * and a cold Modelship fetch (HEAD, parallel ranged download, SHA-256, move into the cache). The
 * ratio is the plain GET's median time over the fetch's median time: 1.0 means as fast.
 */
public final class ModelFetchBenchmark {

  /** The adapters' defaults; {@code -Dbench.block=16MB -Dbench.concurrency=2} to compare others. */
  private static final DataSize BLOCK = DataSize.parse(System.getProperty("bench.block", "8MB"));

  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 4);

  private ModelFetchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    long size = megabytes * 1_000_000L;
    Path work = Files.createTempDirectory("model-fetch-bench-");
    AzuriteServer azurite = new AzuriteServer();
    S3ProxyServer s3 = new S3ProxyServer();
    List<String> report = new ArrayList<>();
    try {
      azurite.start();
      s3.start();
      Path object = work.resolve("model.bin");
      TestModels.writeFile(object, 7, size);
      System.out.printf(
          "Object: %d MB; rounds: %d; block %s, concurrency %d; cores: %d; load average %.1f%n",
          megabytes,
          rounds,
          BLOCK,
          CONCURRENCY,
          Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

      BlobContainerClient container = azurite.serviceClient().createBlobContainer("models");
      container.getBlobClient("model.bin").uploadFromFile(object.toString());
      String sas =
          container
              .getBlobClient("model.bin")
              .generateSas(
                  new BlobServiceSasSignatureValues(
                      OffsetDateTime.now().plusHours(2),
                      new BlobSasPermission().setReadPermission(true)));
      URI azurePlain = URI.create(azurite.blobEndpoint() + "/models/model.bin?" + sas);
      report.add(
          measure(
              "Azurite",
              rounds,
              size,
              azurePlain,
              work,
              cache -> azureStore(azurite.connectionString(), cache),
              "azblob://" + AzuriteServer.ACCOUNT + "/models/model.bin"));
      report.add(
          refetch(
              "Azurite",
              azurite.port(),
              work,
              size,
              port -> azureStore(viaProxy(port), work.resolve("refetch-azure")),
              "azblob://" + AzuriteServer.ACCOUNT + "/models/model.bin"));

      try (S3Client client = s3.client()) {
        client.createBucket(b -> b.bucket("models"));
        client.putObject(b -> b.bucket("models").key("model.bin"), RequestBody.fromFile(object));
      }
      URI s3Plain;
      try (S3Presigner presigner =
          S3Presigner.builder()
              .region(S3ProxyServer.REGION)
              .endpointOverride(s3.endpoint())
              .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(
                          S3ProxyServer.ACCESS_KEY_ID, S3ProxyServer.SECRET_ACCESS_KEY)))
              .build()) {
        s3Plain =
            presigner
                .presignGetObject(
                    p ->
                        p.signatureDuration(Duration.ofHours(2))
                            .getObjectRequest(g -> g.bucket("models").key("model.bin")))
                .url()
                .toURI();
      }
      report.add(
          measure(
              "s3proxy",
              rounds,
              size,
              s3Plain,
              work,
              cache -> s3Store(s3.endpoint(), cache),
              "s3://models/model.bin"));
      report.add(
          refetch(
              "s3proxy",
              s3.port(),
              work,
              size,
              port -> s3Store(URI.create("http://127.0.0.1:" + port), work.resolve("refetch-s3")),
              "s3://models/model.bin"));
    } finally {
      azurite.stop();
      s3.stop();
      FileSystemUtils.deleteRecursively(work);
    }
    System.out.println();
    System.out.printf(
        "Load average at the end: %.1f%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    report.forEach(System.out::println);
    System.exit(0);
  }

  private interface StoreFactory {
    ModelStore create(Path cache);
  }

  private static String measure(
      String server,
      int rounds,
      long size,
      URI plainUrl,
      Path work,
      StoreFactory stores,
      String uri)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Path cache = work.resolve("cache-" + server);
    // One long-lived store, as in Modelship; each fetch starts from an empty cache.
    ModelStore store = stores.create(cache);
    List<Double> plain = new ArrayList<>();
    List<Double> fetch = new ArrayList<>();
    // One warm-up of each, untimed: JIT, connection pools, server caches.
    timePlain(http, plainUrl, work, size);
    timeFetch(store, cache, uri, size);
    for (int round = 0; round < rounds; round++) {
      if (round % 2 == 0) {
        plain.add(timePlain(http, plainUrl, work, size));
        fetch.add(timeFetch(store, cache, uri, size));
      } else {
        fetch.add(timeFetch(store, cache, uri, size));
        plain.add(timePlain(http, plainUrl, work, size));
      }
      System.out.printf(
          "  %s round %d: plain GET %.2f s, Modelship fetch %.2f s%n",
          server, round + 1, plain.get(round), fetch.get(round));
    }
    double plainMedian = median(plain);
    double fetchMedian = median(fetch);
    return String.format(
        Locale.ROOT,
        "%-8s plain single-stream GET: median %.2f s (%.0f MB/s); Modelship fetch (parallel ranges + SHA-256 + cache): median %.2f s (%.0f MB/s); ratio fetch/plain throughput = %.2f",
        server,
        plainMedian,
        size / plainMedian / 1e6,
        fetchMedian,
        size / fetchMedian / 1e6,
        plainMedian / fetchMedian);
  }

  private static double timePlain(HttpClient http, URI url, Path work, long size) throws Exception {
    Path target = work.resolve("plain.bin");
    Files.deleteIfExists(target);
    long start = System.nanoTime();
    HttpResponse<Path> response =
        http.send(
            HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (response.statusCode() != 200 || Files.size(target) != size) {
      throw new IllegalStateException(
          "Expected 200 and " + size + " bytes, but got " + response.statusCode());
    }
    Files.delete(target);
    return seconds;
  }

  private static double timeFetch(ModelStore store, Path cache, String uri, long size)
      throws IOException {
    FileSystemUtils.deleteRecursively(cache);
    long start = System.nanoTime();
    FetchedModel model = store.fetch(uri, null, line -> {});
    double seconds = (System.nanoTime() - start) / 1e9;
    if (model.size() != size || model.bytesTransferred() != size) {
      throw new IllegalStateException("Expected a cold fetch of " + size + " bytes");
    }
    FileSystemUtils.deleteRecursively(cache);
    return seconds;
  }

  private static String refetch(
      String server,
      int serverPort,
      Path work,
      long size,
      java.util.function.IntFunction<ModelStore> stores,
      String uri)
      throws IOException {
    try (HttpCountingProxy proxy = new HttpCountingProxy(serverPort)) {
      ModelStore store = stores.apply(proxy.port());
      store.fetch(uri, null, line -> {});
      long firstBytes =
          proxy.exchanges().stream().mapToLong(HttpCountingProxy.Exchange::responseBodyBytes).sum();
      proxy.reset();
      store.fetch(uri, null, line -> {});
      long bytes =
          proxy.exchanges().stream().mapToLong(HttpCountingProxy.Exchange::responseBodyBytes).sum();
      List<String> requests =
          proxy.exchanges().stream().map(e -> e.method() + " " + e.status()).toList();
      close(store);
      return String.format(
          Locale.ROOT,
          "%-8s re-fetch of the unchanged model: %d response body bytes on the wire, requests %s (first fetch moved %d bytes)",
          server,
          bytes,
          requests,
          firstBytes);
    }
  }

  private static String viaProxy(int port) {
    return "DefaultEndpointsProtocol=http;AccountName="
        + AzuriteServer.ACCOUNT
        + ";AccountKey="
        + AzuriteServer.ACCOUNT_KEY
        + ";BlobEndpoint=http://127.0.0.1:"
        + port
        + "/"
        + AzuriteServer.ACCOUNT
        + ";";
  }

  private static ModelStore azureStore(String connectionString, Path cache) {
    return new AzureBlobModelStore(
        new AzureBlobModelStoreProperties(
            "http://127.0.0.1:1/{account}",
            connectionString,
            null,
            BLOCK,
            CONCURRENCY,
            3,
            Duration.ofMinutes(10)),
        new ModelCache(cache),
        SecretMasker.patternsOnly());
  }

  private static ModelStore s3Store(URI endpoint, Path cache) {
    return new S3ModelStore(
        new S3ModelStoreProperties(
            "us-east-1",
            endpoint,
            true,
            S3ProxyServer.ACCESS_KEY_ID,
            S3ProxyServer.SECRET_ACCESS_KEY,
            BLOCK,
            CONCURRENCY,
            3,
            Duration.ofMinutes(10)),
        new ModelCache(cache),
        SecretMasker.patternsOnly());
  }

  private static void close(ModelStore store) {
    if (store instanceof AutoCloseable closeable) {
      Thread closer =
          new Thread(
              () -> {
                try {
                  closeable.close();
                } catch (Exception ignored) {
                  // benchmark clean-up
                }
              });
      closer.setDaemon(true);
      closer.start();
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
