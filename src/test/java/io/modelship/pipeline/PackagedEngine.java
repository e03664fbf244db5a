package io.modelship.pipeline;

import io.modelship.engine.EngineProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.util.FileSystemUtils;

/**
 * The engine the process tests run on, once per JVM: the packaged jar in the {@code engine} profile
 * ({@link EngineProcess}), a child process on free loopback ports (REST and monitoring on one, gRPC
 * on another), addressed by Camunda Process Test's remote runtime as it would address a Camunda 8
 * cluster. Stopped, and its data folder deleted, when the JVM exits.
 */
final class PackagedEngine {

  private static PackagedEngine instance;

  private final EngineProcess process;

  private PackagedEngine(EngineProcess process) {
    this.process = process;
  }

  static synchronized PackagedEngine get() {
    if (instance == null) {
      try {
        instance = start();
      } catch (Exception e) {
        throw new IllegalStateException(
            "Expected to start the packaged jar's engine, but " + e.getMessage(), e);
      }
    }
    return instance;
  }

  /** The REST address ({@code /v2}), which also serves the monitoring endpoints. */
  String restAddress() {
    return process.address();
  }

  String grpcAddress() {
    return process.grpcAddress();
  }

  private static PackagedEngine start() throws Exception {
    Path dir = Files.createTempDirectory("modelship-process-engine-");
    EngineProcess process =
        EngineProcess.start(dir.resolve("data"), dir.resolve("engine.log"), "-Xmx512m");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    process.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  FileSystemUtils.deleteRecursively(dir.toFile());
                },
                "packaged-engine-stop"));
    return new PackagedEngine(process);
  }
}
