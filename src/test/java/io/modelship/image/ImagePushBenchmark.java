package io.modelship.image;

import io.modelship.build.AppPipelineConfig;
import io.modelship.servers.RegistryServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: how much a code-only change costs compared with a cold build, with a model
 * of at least 200 MB. Against the real CNCF registry (TLS, basic auth), through the loopback proxy
 * that counts the bytes clients send. Run it with {@code bin/bench-image [MODEL_MB]}.
 *
 * <ol>
 *   <li>cold: empty Jib cache, empty registry repository: build-image (push under the run tag) and
 *       push-image (two more tags);
 *   <li>code-only: one app file changed, the model fetched afresh into a new run folder (a new
 *       file, same bytes), the same Modelship machine (Jib cache kept);
 *   <li>code-only on a new machine: as 2, but with an empty Jib cache, so the model layer must be
 *       tarred and compressed again to learn its digest (the registry still has it).
 * </ol>
 */
public final class ImagePushBenchmark {

  private record Result(String name, long bytes, long nanos, long buildNanos, String digest) {}

  public static void main(String[] args) throws Exception {
    int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    Path dir = Files.createTempDirectory(Path.of("target"), "bench-image-").toAbsolutePath();
    try (RegistryServer registry = RegistryServer.basicAuth()) {
      registry.start();
      String base = TestImages.pushBusyboxBase(registry, dir);
      AppPipelineConfig config = TestImages.config(base);
      Path workspace = TestImages.app(dir.resolve("ws"), "1");
      long modelBytes = (long) megabytes * 1024 * 1024;
      Path model1 = syntheticModel(dir.resolve("run1/model.bin"), modelBytes);

      List<Result> results = new ArrayList<>();
      results.add(
          run(
              "cold build + push",
              registry,
              dir.resolve("cache"),
              "b1",
              workspace,
              config,
              model1));

      Files.writeString(workspace.resolve("www/version.json"), "{\"version\":\"2\"}\n");
      Path model2 = dir.resolve("run2/model.bin");
      Files.createDirectories(model2.getParent());
      Files.copy(model1, model2);
      results.add(
          run(
              "code-only change, same machine",
              registry,
              dir.resolve("cache"),
              "b2",
              workspace,
              config,
              model2));

      Files.writeString(workspace.resolve("www/version.json"), "{\"version\":\"3\"}\n");
      Path model3 = dir.resolve("run3/model.bin");
      Files.createDirectories(model3.getParent());
      Files.copy(model1, model3);
      results.add(
          run(
              "code-only change, empty cache",
              registry,
              dir.resolve("cache-new"),
              "b3",
              workspace,
              config,
              model3));

      report(megabytes, modelBytes, results);
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Result run(
      String name,
      RegistryServer registry,
      Path cache,
      String runId,
      Path workspace,
      AppPipelineConfig config,
      Path model)
      throws IOException {
    ImageBuildRequest request = TestImages.request(runId, workspace, config, model);
    JibImageBuilder builder =
        new JibImageBuilder(
            TestImages.registry(registry),
            new JibImageBuilderProperties(cache, cache.resolveSibling("images")),
            TestImages.environment(registry));
    OciRegistryPublisher publisher =
        new OciRegistryPublisher(TestImages.registry(registry), TestImages.environment(registry));
    registry.resetCounters();
    long start = System.nanoTime();
    BuiltImage built = builder.build(request, line -> {});
    long buildNanos = System.nanoTime() - start;
    PublishedImage published =
        publisher.publish(built, List.of("build-" + runId, request.gitSha()), line -> {});
    long nanos = System.nanoTime() - start;
    return new Result(name, registry.bytesUploaded(), nanos, buildNanos, published.digest());
  }

  /** Random bytes (like trained weights, they do not compress), from a fixed seed. */
  private static Path syntheticModel(Path file, long size) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom random = new SplittableRandom(42);
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += buffer.capacity()) {
        buffer.clear();
        while (buffer.hasRemaining()) {
          buffer.putLong(random.nextLong());
        }
        out.write(buffer.array(), 0, (int) Math.min(buffer.capacity(), size - written));
      }
    }
    return file;
  }

  private static void report(int megabytes, long modelBytes, List<Result> results) {
    Result cold = results.get(0);
    System.out.printf(
        "%nImage build + push benchmark: synthetic model of %d MiB (%,d bytes), CNCF registry over"
            + " TLS on loopback%n%n",
        megabytes, modelBytes);
    System.out.printf(
        "%-32s %16s %12s %10s %12s%n",
        "step", "bytes uploaded", "% of model", "time (s)", "vs cold");
    for (Result r : results) {
      System.out.printf(
          "%-32s %,16d %11.3f%% %10.2f %11.3fx %8.2f / %7.2f%n",
          r.name(),
          r.bytes(),
          100.0 * r.bytes() / modelBytes,
          r.nanos() / 1e9,
          (double) r.nanos() / cold.nanos(),
          r.buildNanos() / 1e9,
          (r.nanos() - r.buildNanos()) / 1e9);
    }
    Result codeOnly = results.get(1);
    System.out.printf(
        "%nGoal (code-only, same machine): < 1%% of the model's bytes and <= 1/10 of the cold time:"
            + " %s bytes, %s time%n",
        codeOnly.bytes() < modelBytes / 100 ? "met" : "NOT met",
        codeOnly.nanos() * 10 <= cold.nanos() ? "met" : "NOT met");
  }
}
