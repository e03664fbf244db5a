package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.enums.IncidentErrorType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorEventIT extends EngineITSupport {

  @Test
  void shouldCatchAThrownErrorAtTheBoundaryEventWithItsCode() {
    // given
    deploy("boundary-events.bpmn");
    long instance = start("boundary-events", Map.of());

    // when
    client
        .newThrowErrorCommand(activateOne("be-work"))
        .errorCode("MODEL_NOT_FOUND")
        .variables(Map.of("missing", "weights.json"))
        .send()
        .join();

    // then
    var job = activateOne("be-not-found");
    assertThat(job.getProcessInstanceKey()).isEqualTo(instance);
    assertThat(job.getVariablesAsMap()).containsEntry("missing", "weights.json");
    assertThat(activate("be-any-error")).isEmpty();
  }

  @Test
  void shouldCatchAnyOtherCodeAtTheCatchAllBoundaryEvent() {
    // given
    deploy("boundary-events.bpmn");
    long instance = start("boundary-events", Map.of());

    // when
    client.newThrowErrorCommand(activateOne("be-work")).errorCode("SOMETHING_ELSE").send().join();

    // then
    assertThat(activateOne("be-any-error").getProcessInstanceKey()).isEqualTo(instance);
  }

  @Test
  void shouldCatchAnErrorThrownInsideASubProcessAtItsBoundary() {
    // given
    deploy("sub-process.bpmn");
    long instance = start("sub-process", Map.of("repo", "r"));

    // when
    client
        .newThrowErrorCommand(activateOne("sp-checkout"))
        .errorCode("CONFIG_INVALID")
        .send()
        .join();

    // then
    assertThat(state(instance))
        .isEqualTo(io.camunda.client.api.search.enums.ProcessInstanceState.COMPLETED);
    assertThat(activate("sp-after")).isEmpty();
  }

  @Test
  void shouldRaiseAnIncidentForAnErrorEndEventThatNothingCatches() {
    // given
    deploy("uncaught-error.bpmn");
    long instance = start("uncaught-error", Map.of());

    // when
    complete("ue-work", Map.of());

    // then
    assertThat(incidents(instance))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.getErrorType()).isEqualTo(IncidentErrorType.UNHANDLED_ERROR_EVENT);
              assertThat(i.getElementId()).isEqualTo("fail");
              assertThat(i.getErrorMessage()).contains("TESTS_FAILED");
            });
  }

  @Test
  void shouldRaiseAnIncidentForAJobErrorThatNothingCatches() {
    // given
    deploy("uncaught-error.bpmn");
    long instance = start("uncaught-error", Map.of());

    // when
    client.newThrowErrorCommand(activateOne("ue-work")).errorCode("NOPE").send().join();

    // then
    assertThat(incidents(instance))
        .singleElement()
        .satisfies(
            i -> assertThat(i.getErrorType()).isEqualTo(IncidentErrorType.UNHANDLED_ERROR_EVENT));
  }
}
