package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.ProcessInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the packaged engine under load, {@value #DEFAULT_KILLS} times on the same data
 * folder by default and {@code -Dmodelship.kill-loop.kills=20} for issue 14's loop ({@code
 * bin/kill-loop}): instances are created and jobs completed from several threads while the engine
 * is killed at a random moment. After each restart, every creation and every job completion the
 * engine acknowledged is still there, none is applied twice (a completed job never comes back), and
 * keys are never handed out again.
 */
class KillLoopIT {

  static final int DEFAULT_KILLS = 3;

  /** Jobs activated under load time out soon, so a lost completion would show as a job again. */
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path data;

  private final Path log = Path.of("target", "kill-loop-it.log");
  private final Set<Long> created = ConcurrentHashMap.newKeySet();
  private final Set<Long> firstCompleted = ConcurrentHashMap.newKeySet();

  @Test
  void shouldLoseNothingAcknowledgedAndApplyNothingTwiceAcrossKillDashNines() throws Exception {
    int kills = Integer.getInteger("modelship.kill-loop.kills", DEFAULT_KILLS);
    long seed = Long.getLong("modelship.kill-loop.seed", System.nanoTime());
    Random random = new Random(seed);
    List<Long> createdEachRound = new ArrayList<>();
    for (int round = 0; round <= kills; round++) {
      try (EngineProcess engine = EngineProcess.start(data, log);
          CamundaClient client = engine.client()) {
        if (round == 0) {
          client
              .newDeployResourceCommand()
              .addResourceFromClasspath("bpmn/service-tasks.bpmn")
              .send()
              .join();
        } else {
          checkNothingLost(client, "after kill " + round + " (seed " + seed + ")");
        }
        if (round == kills) {
          break;
        }
        // when: load, and a kill -9 in the middle of it
        int before = created.size();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(3);
        for (int t = 0; t < 2; t++) {
          load.submit(() -> create(engine, stop));
        }
        load.submit(() -> completeFirst(engine, stop));
        Thread.sleep(500 + random.nextInt(1500));
        engine.kill();
        stop.set(true);
        load.shutdown();
        assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        createdEachRound.add((long) (created.size() - before));
      }
    }
    assertThat(createdEachRound).as("instances acknowledged per round").allMatch(n -> n > 0);
    assertThat(firstCompleted).as("job completions acknowledged").isNotEmpty();
  }

  private void checkNothingLost(CamundaClient client, String when) throws InterruptedException {
    // every acknowledged creation is there (one search, not one request per instance)
    Set<Long> present =
        client
            .newProcessInstanceSearchRequest()
            .filter(f -> f.processDefinitionId("service-tasks"))
            .page(p -> p.limit(created.size() + 1000))
            .send()
            .join()
            .items()
            .stream()
            .map(ProcessInstance::getProcessInstanceKey)
            .collect(Collectors.toSet());
    assertThat(present).as("instances acknowledged before, %s", when).containsAll(created);
    // no acknowledged completion comes back as a job once the activations of before timed out
    Thread.sleep(JOB_TIMEOUT.toMillis() + 500);
    List<ActivatedJob> again =
        client
            .newActivateJobsCommand()
            .jobType("st-first")
            .maxJobsToActivate(1000)
            .timeout(Duration.ofMinutes(5))
            .requestTimeout(Duration.ofMillis(500))
            .send()
            .join()
            .getJobs();
    assertThat(again)
        .as("st-first jobs handed out again %s", when)
        .extracting(ActivatedJob::getProcessInstanceKey)
        .doesNotContainAnyElementsOf(firstCompleted);
    for (ActivatedJob job : again) {
      client
          .newFailCommand(job)
          .retries(job.getRetries())
          .retryBackoff(Duration.ZERO)
          .send()
          .join();
    }
    // keys are never handed out twice
    long newest =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId("service-tasks")
            .latestVersion()
            .send()
            .join()
            .getProcessInstanceKey();
    assertThat(newest)
        .as("a new key %s", when)
        .isGreaterThan(created.stream().max(Long::compare).orElse(0L));
    created.add(newest);
  }

  private void create(EngineProcess engine, AtomicBoolean stop) {
    try (CamundaClient client = engine.client()) {
      for (int n = 0; !stop.get(); n++) {
        try {
          created.add(
              client
                  .newCreateInstanceCommand()
                  .bpmnProcessId("service-tasks")
                  .latestVersion()
                  .variables(Map.of("n", n))
                  .send()
                  .join()
                  .getProcessInstanceKey());
        } catch (RuntimeException killed) {
          return;
        }
      }
    }
  }

  private void completeFirst(EngineProcess engine, AtomicBoolean stop) {
    try (CamundaClient client = engine.client()) {
      while (!stop.get()) {
        try {
          List<ActivatedJob> jobs =
              client
                  .newActivateJobsCommand()
                  .jobType("st-first")
                  .maxJobsToActivate(10)
                  .timeout(JOB_TIMEOUT)
                  .requestTimeout(Duration.ofMillis(200))
                  .send()
                  .join()
                  .getJobs();
          for (ActivatedJob job : jobs) {
            client.newCompleteCommand(job).send().join();
            firstCompleted.add(job.getProcessInstanceKey());
          }
        } catch (RuntimeException killed) {
          return;
        }
      }
    }
  }
}
