package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.engine.command.InvalidStateException;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.deployment.Resource;
import io.modelship.engine.state.ElementInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that fails midway changes nothing: not the engine's memory, not its indexes, not its
 * store; the commands beside it in the same batch are kept.
 */
class CommandAtomicityTest {

  @TempDir Path data;

  private static <T> T run(Engine engine, Callable<T> command) {
    return engine.writer().submit(command).join();
  }

  private static void deploy(Engine engine, String resource) throws Exception {
    byte[] xml = Files.readAllBytes(Path.of("src/test/resources/bpmn", resource));
    var validated = engine.deployments().validate(List.of(new Resource(resource, xml)));
    run(engine, () -> engine.deployments().deploy(validated));
  }

  private static long instances(Engine engine) {
    return run(
        engine,
        () -> engine.state().elementInstances().all().stream().filter(i -> i.isProcess()).count());
  }

  @Test
  void shouldTakeBackEverythingACommandChangedWhenItFailsUnexpectedly() throws Exception {
    // given
    try (Engine engine = Engine.start(data)) {
      deploy(engine, "service-tasks.bpmn");

      // when: the command creates an instance (and its job), then fails
      assertThatThrownBy(
              () ->
                  run(
                      engine,
                      () -> {
                        engine.processInstances().create(null, "service-tasks", null, Map.of());
                        throw new IllegalStateException("a bug after the first change");
                      }))
          .isInstanceOf(CompletionException.class)
          .hasRootCauseMessage("a bug after the first change");

      // then: no instance, no job, no variable, in memory...
      assertThat(instances(engine)).isZero();
      assertThat(run(engine, () -> engine.state().jobs().all().size())).isZero();
      assertThat(run(engine, () -> engine.state().jobs().activatable("st-first").hasNext()))
          .isFalse();
      // ...and the engine goes on taking commands
      ElementInstance created =
          run(
              engine,
              () -> engine.processInstances().create(null, "service-tasks", null, Map.of()));
      assertThat(created.isActive()).isTrue();
    }
    // ...and in the store: only the instance created afterwards
    try (Engine engine = Engine.start(data)) {
      assertThat(instances(engine)).isEqualTo(1);
      assertThat(run(engine, () -> engine.state().jobs().all().size())).isEqualTo(1);
    }
  }

  @Test
  void shouldTakeBackARejectedCommandThatHadAlreadyChangedSomething() throws Exception {
    // given
    try (Engine engine = Engine.start(data)) {
      deploy(engine, "service-tasks.bpmn");

      // when
      assertThatThrownBy(
              () ->
                  run(
                      engine,
                      () -> {
                        engine.processInstances().create(null, "service-tasks", null, Map.of());
                        engine.processInstances().cancel(42);
                        return null;
                      }))
          .hasCauseInstanceOf(NotFoundException.class);

      // then
      assertThat(instances(engine)).isZero();
    }
  }

  @Test
  void shouldRefuseAProcessThatLoopsWithoutAWaitStateAndKeepNothingOfIt() throws Exception {
    // given
    try (Engine engine = Engine.start(data)) {
      deploy(engine, "endless-loop.bpmn");

      // when / then
      assertThatThrownBy(
              () ->
                  run(
                      engine,
                      () -> engine.processInstances().create(null, "endless-loop", null, Map.of())))
          .hasCauseInstanceOf(InvalidStateException.class)
          .hasMessageContaining("Expected the process to reach a wait state");
      assertThat(instances(engine)).isZero();
      assertThat(run(engine, () -> engine.state().variables().all().size())).isZero();
    }
  }
}
