package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.enums.IncidentErrorType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentIT extends EngineITSupport {

  @BeforeEach
  void deployProcess() {
    deploy("expression-errors.bpmn");
  }

  @Test
  void shouldRaiseAnIoMappingIncidentWhenAnInputMappingFails() {
    // when
    long instance = start("expression-errors", Map.of("kind", "mapping"));

    // then
    assertThat(incidents(instance))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.getErrorType()).isEqualTo(IncidentErrorType.IO_MAPPING_ERROR);
              assertThat(i.getElementId()).isEqualTo("mapped");
            });
    assertThat(activate("ee-mapped")).isEmpty();
  }

  @Test
  void shouldRaiseAnExtractValueIncidentWhenTheJobTypeExpressionFails() {
    // when
    long instance = start("expression-errors", Map.of("kind", "type"));

    // then
    assertThat(incidents(instance))
        .singleElement()
        .satisfies(
            i -> assertThat(i.getErrorType()).isEqualTo(IncidentErrorType.EXTRACT_VALUE_ERROR));
  }

  @Test
  void shouldShowTheIncidentOnTheProcessInstance() {
    // when
    long instance = start("expression-errors", Map.of("kind", "mapping"));

    // then
    var found =
        client
            .newProcessInstanceSearchRequest()
            .filter(f -> f.processInstanceKey(instance).hasIncident(true))
            .send()
            .join()
            .items();
    assertThat(found).hasSize(1);
  }

  @Test
  void shouldRetryTheFailedStepWhenAnIncidentIsResolved() {
    // given
    long instance = start("expression-errors", Map.of("kind", "mapping"));
    long first = incidents(instance).get(0).getIncidentKey();

    // when
    client.newResolveIncidentCommand(first).send().join();

    // then: the input mapping ran again and, with the variable still missing, failed again
    var all = incidents(instance);
    assertThat(all).hasSize(2);
    assertThat(all)
        .filteredOn(i -> i.getIncidentKey() == first)
        .singleElement()
        .satisfies(i -> assertThat(i.getState().name()).isEqualTo("RESOLVED"));
    assertThat(all)
        .filteredOn(i -> i.getIncidentKey() != first)
        .singleElement()
        .satisfies(i -> assertThat(i.getErrorType()).isEqualTo(IncidentErrorType.IO_MAPPING_ERROR));
  }
}
