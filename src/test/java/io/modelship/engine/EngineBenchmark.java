package io.modelship.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The engine benchmark (run {@code bin/bench-engine}; not a test). It starts the packaged jar with
 * the {@code engine} profile and a fresh data folder (durable state, as in production), deploys a
 * process of three service tasks, and drives it only through {@code camunda-client-java} with no-op
 * job workers (REST long polling, as the Spring starter does by default).
 *
 * <p>Per-task overhead is the time from the engine acknowledging the previous step (the instance
 * creation, or the previous job's completion) to the worker's handler receiving the next job. It is
 * measured one instance at a time, then under load with many instances in flight; throughput is
 * completed instances per second under that load. When a first job reaches its worker before the
 * creation's answer does, its overhead counts from when the creation was sent (a conservative
 * figure).
 */
public final class EngineBenchmark {

  private static final List<String> TYPES = List.of("bench-1", "bench-2", "bench-3");

  private final Map<Long, Long> lastStep = new ConcurrentHashMap<>();
  private volatile CountDownLatch current;
  private volatile Histogram overhead = new ConcurrentHistogram(3);
  private volatile Semaphore inFlight;
  private final AtomicLong completed = new AtomicLong();

  public static void main(String[] args) throws Exception {
    int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    new EngineBenchmark().run(sequential, seconds, concurrency);
  }

  private void run(int sequential, int seconds, int concurrency) throws Exception {
    Path data = Files.createTempDirectory("modelship-bench-");
    Path log = Path.of("target", "bench-engine.log");
    System.out.printf("engine: packaged jar, engine profile, data folder %s (log %s)%n", data, log);
    try (EngineProcess engine =
            EngineProcess.start(
                data, log, System.getProperty("bench.engine.jvm", "-Xmx1g").split(" "));
        CamundaClient client =
            CamundaClient.newClientBuilder()
                .restAddress(java.net.URI.create(engine.address()))
                .preferRestOverGrpc(true)
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
                .pollInterval(Duration.ofMillis(100))
                .open());
      }
      System.out.println("warm-up: 10 s under load");
      underLoad(client, 10, concurrency);

      overhead = new ConcurrentHistogram(3);
      lastStep.clear();
      for (int i = 0; i < sequential; i++) {
        CountDownLatch done = new CountDownLatch(1);
        long key = create(client, done);
        if (!done.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("Expected instance " + key + " to complete within 30 s");
        }
      }
      report("one instance at a time (" + sequential + " instances)", overhead);

      current = null;
      overhead = new ConcurrentHistogram(3);
      completed.set(0);
      long start = System.nanoTime();
      underLoad(client, seconds, concurrency);
      double elapsed = (System.nanoTime() - start) / 1e9;
      report(concurrency + " instances in flight for " + seconds + " s", overhead);
      System.out.printf(
          "throughput: %.1f completed instances/s (%d in %.1f s)%n",
          completed.get() / elapsed, completed.get(), elapsed);
      workers.forEach(JobWorker::close);
    } finally {
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
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
    // Complete asynchronously, as the Spring starter's auto-completion does, so a handler thread
    // never waits for the engine's answer.
    jobs.newCompleteCommand(job).send().thenRun(() -> completed(job, key));
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

  private static void report(String phase, Histogram micros) {
    System.out.printf(
        "per-task overhead, %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d tasks)%n",
        phase,
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getMaxValue() / 1000.0,
        micros.getTotalCount());
  }
}
