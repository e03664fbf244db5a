package io.modelship.image;

import io.modelship.build.AppPipelineConfig;
import io.modelship.release.ModelMetrics;
import io.modelship.servers.RegistryServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: what a model-only rebuild (the release branch's head, unchanged, with a
 * newly published model and its metrics as labels) uploads, against a cold build, with the real
 * CNCF registry and Jib as {@code bin/bench-image} measures them. Run it with {@code
 * bin/bench-model-delivery}.
 */
public final class ModelOnlyRebuildBenchmark {

  public static void main(String[] args) throws Exception {
    int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    long modelBytes = (long) megabytes * 1024 * 1024;
    Path dir = Files.createTempDirectory(Path.of("target"), "bench-model-only-").toAbsolutePath();
    try (RegistryServer registry = RegistryServer.basicAuth()) {
      registry.start();
      String base = TestImages.pushBusyboxBase(registry, dir);
      AppPipelineConfig config = TestImages.config(base);
      Path workspace = TestImages.app(dir.resolve("ws"), "1");
      JibImageBuilder builder =
          new JibImageBuilder(
              TestImages.registry(registry),
              new JibImageBuilderProperties(dir.resolve("cache"), dir.resolve("images")),
              TestImages.environment(registry));
      OciRegistryPublisher publisher =
          new OciRegistryPublisher(TestImages.registry(registry), TestImages.environment(registry));

      Path model1 = model(dir.resolve("run1/model.bin"), modelBytes, 1);
      long[] cold = run(registry, builder, publisher, "c1", workspace, config, model1, 0.95);
      Path model2 = model(dir.resolve("run2/model.bin"), modelBytes, 2);
      long[] modelOnly = run(registry, builder, publisher, "m1", workspace, config, model2, 0.97);

      System.out.printf(
          "%nModel-only rebuild benchmark: synthetic models of %d MiB, CNCF registry over TLS on"
              + " loopback%n%n%-22s %16s %12s %8s %10s%n",
          megabytes, "build", "bytes uploaded", "% of model", "blobs", "time (s)");
      print("cold build + push", cold, modelBytes);
      print("model-only rebuild", modelOnly, modelBytes);
      System.out.printf(
          "%nGoal: the model-only rebuild uploads the new model layer and the image config only"
              + " (2 blobs; the app layer and the base are not uploaded again): %s (%,d bytes fewer"
              + " than the cold build)%n",
          modelOnly[2] == 2 ? "met" : "NOT met", cold[0] - modelOnly[0]);
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Builds and pushes; answers bytes uploaded, nanoseconds, blobs uploaded. */
  private static long[] run(
      RegistryServer registry,
      JibImageBuilder builder,
      OciRegistryPublisher publisher,
      String runId,
      Path workspace,
      AppPipelineConfig config,
      Path model,
      double accuracy)
      throws IOException {
    ImageBuildRequest plain = TestImages.request(runId, workspace, config, model);
    ImageBuildRequest request =
        new ImageBuildRequest(
            plain.runId(),
            plain.workspace(),
            plain.config(),
            plain.modelFile(),
            plain.modelUri(),
            plain.modelSha256(),
            plain.gitSha(),
            plain.commitTime(),
            plain.sourceUrl(),
            new ModelMetrics(Map.of("accuracy", accuracy)));
    registry.resetCounters();
    long start = System.nanoTime();
    BuiltImage built = builder.build(request, line -> {});
    publisher.publish(built, List.of("build-" + runId), line -> {});
    long nanos = System.nanoTime() - start;
    return new long[] {registry.bytesUploaded(), nanos, registry.uploadedBlobDigests().size()};
  }

  private static void print(String name, long[] result, long modelBytes) {
    System.out.printf(
        "%-22s %,16d %11.3f%% %8d %10.2f%n",
        name, result[0], 100.0 * result[0] / modelBytes, result[2], result[1] / 1e9);
  }

  /** Random bytes (trained weights do not compress), one seed per model. */
  private static Path model(Path file, long size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom random = new SplittableRandom(seed);
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
}
