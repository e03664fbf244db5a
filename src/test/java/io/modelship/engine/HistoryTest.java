package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.engine.deployment.Resource;
import io.modelship.engine.instance.History;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finished instances stay searchable within the history limits, then leave memory and the store
 * with everything that belongs to them; running instances always stay.
 */
class HistoryTest {

  @TempDir Path data;

  private static <T> T run(Engine engine, Callable<T> command) {
    return engine.writer().submit(command).join();
  }

  private static void deploy(Engine engine, String... resources) throws Exception {
    List<Resource> files = new java.util.ArrayList<>();
    for (String resource : resources) {
      files.add(
          new Resource(resource, Files.readAllBytes(Path.of("src/test/resources/bpmn", resource))));
    }
    var validated = engine.deployments().validate(files);
    run(engine, () -> engine.deployments().deploy(validated));
  }

  /** Starts call-parent, whose call activity starts call-child, and completes both. */
  private static long finishedInstance(Engine engine) {
    long key =
        run(engine, () -> engine.processInstances().create(null, "call-parent", null, Map.of()))
            .key();
    for (int step = 0; step < 2; step++) {
      run(
          engine,
          () -> {
            for (Job job : List.copyOf(engine.state().jobs().all())) {
              if (job.type().startsWith("ca-")) {
                engine.jobs().complete(job.key(), Map.of());
              }
            }
            return null;
          });
    }
    assertThat(instance(engine, key).isActive()).isFalse();
    return key;
  }

  private static ElementInstance instance(Engine engine, long key) {
    return run(engine, () -> engine.state().elementInstances().get(key));
  }

  private static int records(Engine engine) {
    return run(
        engine,
        () ->
            engine.state().elementInstances().all().size()
                + engine.state().variables().all().size());
  }

  @Test
  void shouldDropTheOldestFinishedInstancesBeyondTheHistorySizeAndKeepRunningOnes()
      throws Exception {
    // given
    long first;
    long running;
    try (Engine engine = Engine.start(data, new History.Limits(2, Duration.ofDays(7)))) {
      deploy(engine, "call-parent.bpmn", "call-child.bpmn", "service-tasks.bpmn");
      running =
          run(engine, () -> engine.processInstances().create(null, "service-tasks", null, Map.of()))
              .key();
      int onlyRunning = records(engine);

      // when
      first = finishedInstance(engine);
      long second = finishedInstance(engine);
      long third = finishedInstance(engine);
      finishedInstance(engine);
      finishedInstance(engine);

      // then
      assertThat(instance(engine, first)).isNull();
      assertThat(instance(engine, second)).isNull();
      assertThat(instance(engine, third)).isNull();
      assertThat(instance(engine, running).isActive()).isTrue();
      int twoFinished = records(engine) - onlyRunning;
      assertThat(twoFinished).isPositive();
      // the called instances went with their callers
      assertThat(
              run(
                  engine,
                  () ->
                      engine.state().elementInstances().all().stream()
                          .filter(i -> i.isProcess())
                          .count()))
          .isEqualTo(1 + 2 * 2);
    }
    // and the store holds what memory holds
    try (Engine engine = Engine.start(data, new History.Limits(2, Duration.ofDays(7)))) {
      assertThat(instance(engine, first)).isNull();
      assertThat(instance(engine, running).isActive()).isTrue();
      assertThat(
              run(
                  engine,
                  () ->
                      engine.state().elementInstances().all().stream()
                          .filter(i -> i.isProcess())
                          .count()))
          .isEqualTo(1 + 2 * 2);
    }
  }

  @Test
  void shouldDropFinishedInstancesOlderThanTheRetentionOnTheEngineClock() throws Exception {
    // given
    try (Engine engine = Engine.start(data, new History.Limits(100, Duration.ofHours(1)))) {
      deploy(engine, "call-parent.bpmn", "call-child.bpmn");
      long finished = finishedInstance(engine);
      assertThat(instance(engine, finished)).isNotNull();

      // when
      run(
          engine,
          () -> {
            engine.clock().pin(System.currentTimeMillis() + Duration.ofHours(2).toMillis());
            return null;
          });

      // then
      assertThat(instance(engine, finished)).isNull();
      assertThat(run(engine, () -> engine.state().variables().all())).isEmpty();
    }
  }
}
