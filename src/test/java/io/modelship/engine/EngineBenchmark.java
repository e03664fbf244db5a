package io.modelship.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The engine benchmark (run {@code bin/bench-engine}; not a test). It starts the packaged jar with
 * the {@code engine} profile, a fresh data folder (durable state, as in production) and its gRPC
 * gateway on, deploys a process of three service tasks, and drives it only through {@code
 * camunda-client-java} with no-op job workers, once per way of handing out jobs, side by side in
 * one run on the same engine:
 *
 * <ul>
 *   <li>{@code rest}: REST long polling, as the Spring starter does by default;
 *   <li>{@code push}: gRPC with job push ({@code StreamActivatedJobs}), commands over gRPC.
 * </ul>
 *
 * <p>Per-task overhead is the time from the engine acknowledging the previous step (the instance
 * creation, or the previous job's completion) to the worker's handler receiving the next job. It is
 * measured one instance at a time, then under load with many instances in flight; throughput is
 * completed instances per second under that load. When a first job reaches its worker before the
 * creation's answer does, its overhead counts from when the creation was sent (a conservative
 * figure).
 *
 * <p>As a baseline for how noisy the machine is, a probe measures a trivial HTTP round trip to the
 * same engine ({@code GET /v2/status}) during each phase; the report gives the overhead's p99 as a
 * ratio to the probe's p99.
 */
public final class EngineBenchmark {

  private static final List<String> TYPES = List.of("bench-1", "bench-2", "bench-3");

  /**
   * The workers' poll interval: the client's default, 100 ms, unless {@code -Dbench.poll.interval}
   * (milliseconds) says otherwise, to see what the engine does once the client's scheduled polls
   * (docs/engine-performance.md) wait less.
   */
  private static final Duration POLL_INTERVAL =
      Duration.ofMillis(Long.getLong("bench.poll.interval", 100));

  /**
   * Whether the handler waits for its completion's answer ({@code wait}, the default: the workload
   * issue 14 measures, "handler completing each job and waiting for the answer") or only sends it
   * ({@code async}, as the Spring starter's auto-completion does), set by {@code -Dbench.handler}.
   */
  private static final boolean HANDLER_WAITS = handlerWaits(System.getProperty("bench.handler"));

  private final Map<Long, Long> lastStep = new ConcurrentHashMap<>();
  private volatile CountDownLatch current;
  private volatile Histogram overhead = new ConcurrentHistogram(3);
  private volatile Semaphore inFlight;
  private final AtomicLong completed = new AtomicLong();

  public static void main(String[] args) throws Exception {
    int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    List<String> modes = List.of((args.length > 3 ? args[3] : "rest,push").split(","));
    String[] jvm = System.getProperty("bench.engine.jvm", "-Xmx1g").split(" ");
    // Side by side: with a baseline jar, both engines run at once and every phase runs on each in
    // turn, so the machine's noise falls on both alike; the report gives after / before.
    List<String> names = new ArrayList<>(List.of("after"));
    List<String> jars = new ArrayList<>(List.of(System.getProperty("modelship.jar")));
    String baseline = System.getProperty("bench.baseline.jar", "");
    if (!baseline.isBlank()) {
      names.add(0, "before");
      jars.add(0, baseline);
    }
    System.out.printf(
        "engines: %s; engine profile, fresh data folders (logs target/bench-engine-*.log);"
            + " %d cores, load average %.1f%n",
        String.join(", ", jars),
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    List<Path> folders = new ArrayList<>();
    List<EngineProcess> engines = new ArrayList<>();
    Map<String, List<Double>> figures = new java.util.LinkedHashMap<>();
    try {
      for (int i = 0; i < jars.size(); i++) {
        Path data = Files.createTempDirectory("modelship-bench-");
        folders.add(data);
        System.setProperty("modelship.jar", jars.get(i));
        engines.add(
            EngineProcess.start(
                data, Path.of("target", "bench-engine-" + names.get(i) + ".log"), jvm));
      }
      sequentialCreates(names, engines, seconds, figures);
      // The engine measured second was ahead by about 1.1 in every figure, also with the same jar
      // on both sides (docs/engine-performance.md), so with two engines the phases run in rounds
      // whose order alternates (before, after, after, before, ...) and each figure is the mean.
      // The client's JVM (this one) also gets cheaper per instance for minutes (0.78 of its first
      // run's CPU), so a first round on each engine warms it and is not counted (a worker in
      // production runs for hours); -Dbench.warmup=false leaves it out.
      int rounds = Integer.getInteger("bench.rounds", engines.size() > 1 ? 2 : 1);
      boolean warmUp = Boolean.parseBoolean(System.getProperty("bench.warmup", "true"));
      for (String mode : modes) {
        if (warmUp) {
          for (int i = 0; i < engines.size(); i++) {
            System.out.printf("%n(warm-up round on %s, not counted)%n", names.get(i));
            new EngineBenchmark(names.get(i), new java.util.HashMap<>())
                .run(engines.get(i), mode, sequential, seconds, concurrency);
          }
        }
        for (int round = 0; round < rounds; round++) {
          for (int k = 0; k < engines.size(); k++) {
            int i = inTurn(round, k, engines.size());
            new EngineBenchmark(names.get(i), figures)
                .run(engines.get(i), mode, sequential, seconds, concurrency);
          }
        }
      }
      if (engines.size() > 1) {
        sideBySide(figures);
      }
    } finally {
      for (EngineProcess engine : engines) {
        engine.stop(); // not kill -9: a JFR recording of the engine is written on the way out
      }
      for (Path data : folders) {
        try (var files = Files.walk(data)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private final String target;
  private final Map<String, List<Double>> figures;

  private EngineBenchmark(String target, Map<String, List<Double>> figures) {
    this.target = target;
    this.figures = figures;
  }

  /** Each figure measured on both engines (the mean over its rounds), and after / before. */
  private static void sideBySide(Map<String, List<Double>> figures) {
    System.out.printf("%n== side by side (load average %.1f)%n", load());
    System.out.printf("%-55s %10s %10s %8s%n", "figure", "before", "after", "ratio");
    figures.forEach(
        (key, values) -> {
          if (key.startsWith("before|")) {
            String figure = key.substring("before|".length());
            List<Double> afters = figures.get("after|" + figure);
            if (afters != null) {
              double before = mean(values);
              double after = mean(afters);
              System.out.printf(
                  java.util.Locale.ROOT,
                  "%-55s %10.2f %10.2f %8.2f%n",
                  figure,
                  before,
                  after,
                  after / before);
            }
          }
        });
  }

  /** The engine that goes k-th in a round: in order in even rounds, reversed in odd ones. */
  private static int inTurn(int round, int k, int engines) {
    return round % 2 == 0 ? k : engines - 1 - k;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static void put(Map<String, List<Double>> figures, String key, double value) {
    figures.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
  }

  private static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Instances created one after another from one thread over REST (each waits for its answer), of a
   * process whose first task no worker takes: creates per second and the create's latency. With two
   * engines, in rounds of at most 5 s on each in turn.
   */
  private static void sequentialCreates(
      List<String> names,
      List<EngineProcess> engines,
      int seconds,
      Map<String, List<Double>> figures) {
    List<CamundaClient> clients = new ArrayList<>();
    try {
      List<Histogram> latencies = new ArrayList<>();
      long[] counts = new long[engines.size()];
      long[] nanos = new long[engines.size()];
      for (EngineProcess engine : engines) {
        CamundaClient client = engine.client();
        clients.add(client);
        client
            .newDeployResourceCommand()
            .addResourceFromClasspath("bpmn/service-tasks.bpmn")
            .send()
            .join();
        latencies.add(new Histogram(3));
        // Warm-up.
        creates(client, 5, new Histogram(3));
      }
      int rounds = Math.max(1, (seconds + 4) / 5);
      for (int round = 0; round < rounds; round++) {
        // Alternate which engine goes first (the second was ahead otherwise; see run's rounds).
        for (int k = 0; k < engines.size(); k++) {
          int i = inTurn(round, k, engines.size());
          long start = System.nanoTime();
          counts[i] += creates(clients.get(i), (double) seconds / rounds, latencies.get(i));
          nanos[i] += System.nanoTime() - start;
        }
      }
      for (int i = 0; i < engines.size(); i++) {
        Histogram latency = latencies.get(i);
        double rate = counts[i] / (nanos[i] / 1e9);
        System.out.printf(
            java.util.Locale.ROOT,
            "%n== %s: sequential creates, one thread, REST: %.0f/s; create p50 %.2f ms,"
                + " p99 %.2f ms (%d creates)%n",
            names.get(i),
            rate,
            latency.getValueAtPercentile(50) / 1e6,
            latency.getValueAtPercentile(99) / 1e6,
            counts[i]);
        put(figures, names.get(i) + "|sequential creates/s", rate);
        put(
            figures,
            names.get(i) + "|sequential create p50 ms",
            latency.getValueAtPercentile(50) / 1e6);
        put(
            figures,
            names.get(i) + "|sequential create p99 ms",
            latency.getValueAtPercentile(99) / 1e6);
      }
    } finally {
      clients.forEach(CamundaClient::close);
    }
  }

  private static long creates(CamundaClient client, double seconds, Histogram latency) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long count = 0;
    for (long now = System.nanoTime(); now < end; now = System.nanoTime(), count++) {
      client
          .newCreateInstanceCommand()
          .bpmnProcessId("service-tasks")
          .latestVersion()
          .send()
          .join();
      latency.recordValue(System.nanoTime() - now);
    }
    return count;
  }

  private void run(EngineProcess engine, String mode, int sequential, int seconds, int concurrency)
      throws Exception {
    boolean push = mode.equals("push");
    if (!push && !mode.equals("rest")) {
      throw new IllegalArgumentException("Expected mode rest or push, but got " + mode);
    }
    System.out.printf(
        "%n== %s, %s: %s, poll interval %d ms, handler %s%n",
        target,
        mode,
        push ? "gRPC, job push (StreamActivatedJobs)" : "REST, long polling (the default)",
        POLL_INTERVAL.toMillis(),
        HANDLER_WAITS ? "waits for its completion's answer" : "only sends its completion");
    try (CamundaClient client =
        CamundaClient.newClientBuilder()
            .restAddress(URI.create(engine.address()))
            .grpcAddress(URI.create(engine.grpcAddress()))
            .preferRestOverGrpc(!push)
            .numJobWorkerExecutionThreads(8)
            .build()) {
      client
          .newDeployResourceCommand()
          .addResourceFromClasspath("bench/three-tasks.bpmn")
          .send()
          .join();
      List<JobWorker> workers = new ArrayList<>();
      for (String type : TYPES) {
        workers.add(
            client
                .newWorker()
                .jobType(type)
                .handler(this::handle)
                .maxJobsActive(32)
                .timeout(Duration.ofMinutes(1))
                .requestTimeout(Duration.ofSeconds(10))
                .pollInterval(POLL_INTERVAL)
                .streamEnabled(push)
                .open());
      }
      System.out.println("warm-up: 10 s under load");
      underLoad(client, 10, concurrency);

      overhead = new ConcurrentHistogram(3);
      lastStep.clear();
      try (Probe probe = Probe.start(engine.address(), 10)) {
        for (int i = 0; i < sequential; i++) {
          CountDownLatch done = new CountDownLatch(1);
          long key = create(client, done);
          if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                "Expected instance " + key + " to complete within 30 s");
          }
        }
        report(
            target + " " + mode,
            "one instance at a time (" + sequential + " instances)",
            overhead,
            probe);
        figure(mode + " one at a time: per-task p50 ms", overhead.getValueAtPercentile(50) / 1e3);
        figure(mode + " one at a time: per-task p99 ms", overhead.getValueAtPercentile(99) / 1e3);
      }

      current = null;
      overhead = new ConcurrentHistogram(3);
      completed.set(0);
      try (Probe probe = Probe.start(engine.address(), 50)) {
        long start = System.nanoTime();
        long engineCpu = cpuNanos(ProcessHandle.of(engine.pid()));
        long clientCpu = cpuNanos(Optional.of(ProcessHandle.current()));
        underLoad(client, seconds, concurrency);
        double elapsed = (System.nanoTime() - start) / 1e9;
        engineCpu = cpuNanos(ProcessHandle.of(engine.pid())) - engineCpu;
        clientCpu = cpuNanos(Optional.of(ProcessHandle.current())) - clientCpu;
        report(
            target + " " + mode,
            concurrency + " instances in flight for " + seconds + " s",
            overhead,
            probe);
        figure(
            mode + " " + concurrency + " in flight: per-task p50 ms",
            overhead.getValueAtPercentile(50) / 1e3);
        figure(
            mode + " " + concurrency + " in flight: per-task p99 ms",
            overhead.getValueAtPercentile(99) / 1e3);
        figure(mode + " " + concurrency + " in flight: instances/s", completed.get() / elapsed);
        System.out.printf(
            "%s %s throughput: %.1f completed instances/s (%d in %.1f s)%n",
            target, mode, completed.get() / elapsed, completed.get(), elapsed);
        // CPU per instance is the engine's cost, whatever else the machine is doing meanwhile;
        // the client's (this JVM: workers, probe, bookkeeping) tells how much of the machine is
        // left for the engine.
        double instances = Math.max(1, completed.get());
        figure(
            mode + " " + concurrency + " in flight: engine CPU ms/instance",
            engineCpu / 1e6 / instances);
        figure(
            mode + " " + concurrency + " in flight: client CPU ms/instance",
            clientCpu / 1e6 / instances);
        System.out.printf(
            "%s %s CPU per completed instance: engine %.3f ms, client %.3f ms (%.2f and %.2f cores)%n",
            target,
            mode,
            engineCpu / 1e6 / instances,
            clientCpu / 1e6 / instances,
            engineCpu / 1e9 / elapsed,
            clientCpu / 1e9 / elapsed);
      }
      workers.forEach(JobWorker::close);
    }
  }

  /** CPU time a process has used so far (user and system, all threads), from the OS. */
  private static long cpuNanos(Optional<ProcessHandle> process) {
    return process
        .flatMap(p -> p.info().totalCpuDuration())
        .orElseThrow(
            () -> new IllegalStateException("Expected the OS to report a process's CPU time"))
        .toNanos();
  }

  private void figure(String name, double value) {
    put(figures, target + "|" + name, value);
  }

  private void underLoad(CamundaClient client, int seconds, int concurrency) throws Exception {
    inFlight = new Semaphore(concurrency);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < until) {
      if (inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        client
            .newCreateInstanceCommand()
            .bpmnProcessId("bench-three-tasks")
            .latestVersion()
            .variables(Map.of("sentAt", System.nanoTime()))
            .send()
            .thenAccept(
                created ->
                    lastStep.putIfAbsent(created.getProcessInstanceKey(), System.nanoTime()));
      }
    }
    // Let the instances in flight finish before the next phase.
    inFlight.acquire(concurrency);
    inFlight = null;
  }

  private long create(CamundaClient client, CountDownLatch done) {
    // One instance at a time: set the latch before creating, since its jobs may all be done
    // before the creation's answer arrives.
    current = done;
    var created =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId("bench-three-tasks")
            .latestVersion()
            .variables(Map.of("sentAt", System.nanoTime()))
            .send()
            .join();
    long key = created.getProcessInstanceKey();
    lastStep.putIfAbsent(key, System.nanoTime());
    return key;
  }

  private void handle(JobClient jobs, ActivatedJob job) {
    long received = System.nanoTime();
    long key = job.getProcessInstanceKey();
    Long previous = lastStep.get(key);
    if (previous == null && job.getType().equals("bench-1")) {
      // The job came before the creation's answer did: count from when the creation was sent.
      previous = ((Number) job.getVariablesAsMap().get("sentAt")).longValue();
    }
    if (previous != null) {
      overhead.recordValue(Math.max(0, received - previous) / 1_000);
    }
    var completion = jobs.newCompleteCommand(job).send().thenRun(() -> completed(job, key));
    if (HANDLER_WAITS) {
      completion.toCompletableFuture().join();
    }
  }

  private static boolean handlerWaits(String handler) {
    if (handler == null || handler.isBlank() || handler.equals("wait")) {
      return true;
    }
    if (handler.equals("async")) {
      return false;
    }
    throw new IllegalArgumentException(
        "Expected -Dbench.handler to be wait or async, but it was " + handler);
  }

  private void completed(ActivatedJob job, long key) {
    long acknowledged = System.nanoTime();
    if (job.getType().equals("bench-3")) {
      lastStep.remove(key);
      completed.incrementAndGet();
      CountDownLatch done = current;
      if (done != null) {
        done.countDown();
      }
      Semaphore permits = inFlight;
      if (permits != null) {
        permits.release();
      }
    } else {
      lastStep.put(key, acknowledged);
    }
  }

  private static void report(String mode, String phase, Histogram micros, Probe probe) {
    Histogram baseline = probe.micros;
    double p99 = micros.getValueAtPercentile(99) / 1000.0;
    double baseP99 = baseline.getValueAtPercentile(99) / 1000.0;
    System.out.printf(
        "%s per-task overhead, %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d tasks)%n",
        mode,
        phase,
        micros.getValueAtPercentile(50) / 1000.0,
        p99,
        micros.getMaxValue() / 1000.0,
        micros.getTotalCount());
    System.out.printf(
        "%s   baseline GET /v2/status meanwhile: p50 %.2f ms, p99 %.2f ms (%d requests);"
            + " overhead p99 / baseline p99 = %.1f%n",
        mode,
        baseline.getValueAtPercentile(50) / 1000.0,
        baseP99,
        baseline.getTotalCount(),
        baseP99 > 0 ? p99 / baseP99 : Double.NaN);
  }

  /**
   * A trivial HTTP round trip to the engine, measured while a phase runs: every 10 ms one instance
   * at a time, every 50 ms under load. It goes through Spring MVC, and every 10 ms it took about a
   * seventh of the engine's CPU samples with 32 instances in flight (JFR, 8 Dec 2026).
   */
  private static final class Probe implements AutoCloseable {

    private final Histogram micros = new ConcurrentHistogram(3);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private Probe(String address, long intervalMillis) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest status = HttpRequest.newBuilder(URI.create(address + "/v2/status")).build();
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  long start = System.nanoTime();
                  try {
                    http.send(status, HttpResponse.BodyHandlers.discarding());
                    micros.recordValue((System.nanoTime() - start) / 1_000);
                    Thread.sleep(intervalMillis);
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    throw new IllegalStateException("Expected the engine to answer, but: " + e, e);
                  }
                }
              },
              "bench-probe");
      thread.setDaemon(true);
      thread.start();
    }

    static Probe start(String address, long intervalMillis) {
      return new Probe(address, intervalMillis);
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(5_000);
    }
  }
}
