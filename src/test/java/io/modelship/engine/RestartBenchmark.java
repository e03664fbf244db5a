package io.modelship.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The restart benchmark (run {@code bin/bench-restart}; not a test). It fills a fresh data folder
 * through the packaged jar with {@code finished} instances of a process that ends at once and
 * {@code active} instances of three service tasks that wait at their first job (32 creations in
 * flight over REST), kills the engine with {@code kill -9}, and starts it again on that folder: the
 * time from the new JVM's start to its first answer, the engine's own load (from its log), the
 * first search, the engine JVM's heap after a full GC and its resident memory. The same start on an
 * empty folder is timed first, so the cost of the state itself is the difference.
 *
 * <p>With {@code -Dbench.baseline.jar=<jar>} that jar ("before") fills the folder, and each jar
 * restarts on its own copy of it, in turns ({@code -Dbench.rounds}, default 2), so both are
 * measured side by side under the same load; the second round shows a start after the first start's
 * own changes to the folder (a compaction, say).
 */
public final class RestartBenchmark {

  private static final int IN_FLIGHT = 32;
  private static final Pattern TIME =
      Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+)");
  private static final Pattern ENGINE_LOAD =
      Pattern.compile("Loaded the engine's state .* in (\\d+) ms");

  /** One jar under test, with JVM options of its own (the class data sharing archive, say). */
  private record Side(String name, String jar, Path data, List<String> options) {

    /** The name as a file name: "after (CDS)" is after-CDS. */
    String file() {
      return name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "");
    }

    List<String> jvm(List<String> common) {
      List<String> all = new ArrayList<>(common);
      all.addAll(options);
      return all;
    }
  }

  private record Start(
      double ready, double firstSearch, long active, String engineLoad, String heap, String rss) {}

  public static void main(String[] args) throws Exception {
    int finished = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int active = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    Path root = Path.of(args.length > 2 ? args[2] : "target/bench-restart");
    String afterJar = System.getProperty("modelship.jar", "target/modelship.jar");
    String baselineJar = System.getProperty("bench.baseline.jar", "");
    // -Dbench.cds.jar and -Dbench.cds.archive (bin/bench-restart with CDS=1): "after" starts
    // from the extracted jar with its class data sharing archive (bin/cds-archive); the
    // bench.cds.baseline.* pair (CDS=both) does the same for "before".
    String cdsJar = System.getProperty("bench.cds.jar", "");
    String cdsArchive = System.getProperty("bench.cds.archive", "");
    String cdsBaselineJar = System.getProperty("bench.cds.baseline.jar", "");
    String cdsBaselineArchive = System.getProperty("bench.cds.baseline.archive", "");
    int rounds = Integer.getInteger("bench.rounds", 2);
    List<String> jvm = new ArrayList<>();
    String options = System.getProperty("bench.engine.jvm", "").strip();
    if (!options.isEmpty()) {
      jvm.addAll(Arrays.asList(options.split("\\s+")));
    }
    jvm.add("-Dmodelship.engine.history-size=" + Math.max(10_000, finished));
    boolean recording = options.contains("StartFlightRecording");
    deleteTree(root);
    List<Side> sides = new ArrayList<>();
    if (!baselineJar.isEmpty()) {
      sides.add(
          side(
              "before",
              baselineJar,
              root.resolve("data-before"),
              cdsBaselineJar,
              cdsBaselineArchive));
    }
    sides.add(
        side(
            baselineJar.isEmpty() ? "this jar" : "after",
            afterJar,
            root.resolve("data-after"),
            cdsJar,
            cdsArchive));

    for (Side side : sides) {
      long emptyStart = System.nanoTime();
      try (EngineProcess empty =
          EngineProcess.start(
              side.jar(),
              root.resolve("empty-" + side.file()),
              log(root, "empty", side),
              side.jvm(jvm))) {
        System.out.printf(
            Locale.ROOT,
            "%s: start on an empty folder: %.2f s%n",
            side.name(),
            seconds(System.nanoTime() - emptyStart));
        stop(empty, recording);
      }
    }

    Path data = root.resolve("data");
    String fillJar = sides.get(0).jar();
    try (EngineProcess engine =
            EngineProcess.start(fillJar, data, root.resolve("fill.log"), sides.get(0).jvm(jvm));
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
          "filled by %s: %d finished + %d active instances in %.1f s (%.0f creates/s, %d in"
              + " flight)%n",
          sides.get(0).name(),
          finished,
          active,
          took,
          (finished + active) / took,
          IN_FLIGHT);
      engine.kill();
    }
    System.out.printf(
        Locale.ROOT, "data folder after kill -9: %.1f MB%s%n", size(data) / 1e6, files(data));
    for (Side side : sides) {
      copyTree(data, side.data());
    }

    List<List<Start>> starts = new ArrayList<>();
    sides.forEach(side -> starts.add(new ArrayList<>()));
    for (int round = 1; round <= rounds; round++) {
      for (int i = 0; i < sides.size(); i++) {
        Side side = sides.get(i);
        Path log = root.resolve("restart-" + side.file() + "-" + round + ".log");
        Start start = restart(side, log, jvm, recording);
        starts.get(i).add(start);
        System.out.printf(
            Locale.ROOT,
            "%s, restart %d: ready in %.2f s, engine's own load %s, first search %.2f s later (%d"
                + " active found); heap after a full GC %s; %s; folder now %.1f MB%s%n",
            side.name(),
            round,
            start.ready(),
            start.engineLoad(),
            start.firstSearch(),
            start.active(),
            start.heap(),
            start.rss(),
            size(side.data()) / 1e6,
            files(side.data()));
      }
    }
    if (sides.size() == 2) {
      for (int round = 1; round <= rounds; round++) {
        Start before = starts.get(0).get(round - 1);
        Start after = starts.get(1).get(round - 1);
        System.out.printf(
            Locale.ROOT,
            "restart %d, after / before: ready %.2f s / %.2f s = %.2f%n",
            round,
            after.ready(),
            before.ready(),
            after.ready() / before.ready());
      }
    }
  }

  /** A side from its packaged jar, or, given an extracted jar and its archive, from those. */
  private static Side side(String name, String jar, Path data, String cdsJar, String cdsArchive) {
    if (cdsJar.isEmpty()) {
      return new Side(name, jar, data, List.of());
    }
    return new Side(
        name + " (CDS)",
        cdsJar,
        data,
        List.of("-XX:SharedArchiveFile=" + cdsArchive, "-Xlog:cds=off"));
  }

  private static Path log(Path root, String what, Side side) {
    return root.resolve(what + "-" + side.file() + ".log");
  }

  private static Start restart(Side side, Path log, List<String> jvm, boolean recording)
      throws Exception {
    long start = System.nanoTime();
    try (EngineProcess engine = EngineProcess.start(side.jar(), side.data(), log, side.jvm(jvm));
        CamundaClient client = engine.client()) {
      double ready = seconds(System.nanoTime() - start);
      long searched = System.nanoTime();
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
      double firstSearch = seconds(System.nanoTime() - searched);
      String heap = heap(engine.pid());
      String rss = rss(engine.pid());
      stop(engine, recording);
      return new Start(ready, firstSearch, activeAfter, engineLoad(log), heap, rss);
    }
  }

  /**
   * The engine's own load: its "Loaded the engine's state" line where the jar logs one, else the
   * time from Spring's "Root WebApplicationContext: initialization completed" to the engine's
   * "Embedded engine: /v2 on" line (which also holds the creation of the other beans in between).
   */
  private static String engineLoad(Path log) throws Exception {
    LocalDateTime context = null;
    LocalDateTime engine = null;
    for (String line : Files.readAllLines(log)) {
      Matcher load = ENGINE_LOAD.matcher(line);
      if (load.find()) {
        return load.group(1) + " ms (its log line)";
      }
      Matcher time = TIME.matcher(line);
      if (!time.find()) {
        continue;
      }
      if (line.contains("Root WebApplicationContext: initialization completed")) {
        context = LocalDateTime.parse(time.group(1));
      } else if (line.contains("Embedded engine: /v2 on") && engine == null) {
        engine = LocalDateTime.parse(time.group(1));
      }
    }
    if (context == null || engine == null) {
      return "unknown";
    }
    return Duration.between(context, engine).toMillis() + " ms (context to engine line)";
  }

  /** SIGTERM when a JFR recording is to be written, else kill -9 as a crash leaves the folder. */
  private static void stop(EngineProcess engine, boolean recording) throws InterruptedException {
    if (recording) {
      engine.stop();
    } else {
      engine.kill();
    }
  }

  private static void create(CamundaClient client, String process, int count)
      throws InterruptedException {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < count && failure.get() == null; i++) {
      slots.acquire();
      CompletionStage<ProcessInstanceEvent> sent =
          client.newCreateInstanceCommand().bpmnProcessId(process).latestVersion().send();
      sent.whenComplete(
          (answer, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            }
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

  /**
   * The state files and their sizes, e.g. " (state-2.snapshot 67.0 MB, state-2.journal 112 MB)".
   */
  private static String files(Path folder) throws Exception {
    List<String> parts = new ArrayList<>();
    try (var files = Files.list(folder)) {
      files
          .filter(f -> f.getFileName().toString().startsWith("state-"))
          .sorted()
          .forEach(
              f ->
                  parts.add(
                      String.format(
                          Locale.ROOT, "%s %.1f MB", f.getFileName(), f.toFile().length() / 1e6)));
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
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
