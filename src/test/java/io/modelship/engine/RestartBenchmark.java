package io.modelship.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The restart benchmark (run {@code bin/bench-restart}; not a test). It fills a fresh data folder
 * through the packaged jar with {@code finished} instances of a process that ends at once and
 * {@code active} instances of three service tasks that wait at their first job (32 creations in
 * flight over REST), kills the engine with {@code kill -9}, starts it again on the same folder and
 * reports the time from the new JVM's start to its first answer, the folder's size, and the engine
 * JVM's heap after a full GC and its resident memory. Side by side, the same start on an empty
 * folder is timed first, so the cost of the state itself is the difference.
 */
public final class RestartBenchmark {

  private static final int IN_FLIGHT = 32;

  public static void main(String[] args) throws Exception {
    int finished = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int active = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    Path root = Path.of(args.length > 2 ? args[2] : "target/bench-restart");
    Path log = root.resolve("engine.log");
    deleteTree(root);
    Path data = root.resolve("data");
    String history = "-Dmodelship.engine.history-size=" + Math.max(10_000, finished);

    long emptyStart = System.nanoTime();
    try (EngineProcess empty = EngineProcess.start(root.resolve("empty"), log, history)) {
      System.out.printf(
          Locale.ROOT,
          "start on an empty folder: %.2f s%n",
          seconds(System.nanoTime() - emptyStart));
    }

    try (EngineProcess engine = EngineProcess.start(data, log, history);
        CamundaClient client = engine.client()) {
      client
          .newDeployResourceCommand()
          .addProcessModel(
              Bpmn.createExecutableProcess("ends-at-once").startEvent().endEvent().done(),
              "ends-at-once.bpmn")
          .addResourceFromClasspath("bpmn/service-tasks.bpmn")
          .send()
          .join();
      long fill = System.nanoTime();
      create(client, "ends-at-once", finished);
      create(client, "service-tasks", active);
      double took = seconds(System.nanoTime() - fill);
      System.out.printf(
          Locale.ROOT,
          "filled: %d finished + %d active instances in %.1f s (%.0f creates/s, %d in flight)%n",
          finished,
          active,
          took,
          (finished + active) / took,
          IN_FLIGHT);
      engine.kill();
    }
    System.out.printf(Locale.ROOT, "data folder: %.1f MB%n", size(data) / 1e6);

    long start = System.nanoTime();
    try (EngineProcess engine = EngineProcess.start(data, log, history);
        CamundaClient client = engine.client()) {
      double ready = seconds(System.nanoTime() - start);
      long activeAfter =
          client
              .newProcessInstanceSearchRequest()
              .filter(
                  f -> f.processDefinitionId("service-tasks").state(ProcessInstanceState.ACTIVE))
              .page(p -> p.limit(1))
              .send()
              .join()
              .page()
              .totalItems();
      System.out.printf(
          Locale.ROOT,
          "restart after kill -9: ready in %.2f s; %d active instances found%n",
          ready,
          activeAfter);
      System.out.println("engine JVM after a full GC: " + heap(engine.pid()));
      System.out.println("engine JVM resident: " + rss(engine.pid()));
    }
  }

  private static void create(CamundaClient client, String process, int count)
      throws InterruptedException {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong done = new AtomicLong();
    for (int i = 0; i < count && failure.get() == null; i++) {
      slots.acquire();
      CompletionStage<ProcessInstanceEvent> sent =
          client.newCreateInstanceCommand().bpmnProcessId(process).latestVersion().send();
      sent.whenComplete(
          (answer, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            }
            done.incrementAndGet();
            slots.release();
          });
    }
    slots.acquire(IN_FLIGHT);
    if (failure.get() != null) {
      throw new IllegalStateException("a creation failed", failure.get());
    }
  }

  private static String heap(long pid) throws Exception {
    run("jcmd", Long.toString(pid), "GC.run");
    String info = run("jcmd", Long.toString(pid), "GC.heap_info");
    return info.lines()
        .filter(l -> l.contains("used"))
        .findFirst()
        .map(String::strip)
        .orElse(info.strip());
  }

  private static String rss(long pid) throws Exception {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith("VmRSS"))
        .findFirst()
        .map(l -> l.replaceAll("\\s+", " "))
        .orElse("unknown");
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    process.waitFor();
    return output;
  }

  private static long size(Path folder) throws Exception {
    try (var files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path root) throws Exception {
    if (Files.exists(root)) {
      try (var files = Files.walk(root)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
