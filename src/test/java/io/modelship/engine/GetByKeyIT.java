package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.ProcessInstance;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v2/process-instances/{key}} and {@code GET /v2/incidents/{key}} through the client.
 */
class GetByKeyIT extends EngineITSupport {

  @Test
  void shouldGetAProcessInstanceByKeyWhileItRunsAndAfterItEnded() {
    // given
    deploy("service-tasks.bpmn");
    long key = start("service-tasks", Map.of());
    // when
    ProcessInstance running = client.newProcessInstanceGetRequest(key).send().join();
    complete("st-first", Map.of());
    complete("st-second", Map.of());
    ProcessInstance ended = client.newProcessInstanceGetRequest(key).send().join();
    // then
    assertThat(running.getProcessInstanceKey()).isEqualTo(key);
    assertThat(running.getProcessDefinitionId()).isEqualTo("service-tasks");
    assertThat(running.getState()).isEqualTo(ProcessInstanceState.ACTIVE);
    assertThat(running.getHasIncident()).isFalse();
    assertThat(ended.getState()).isEqualTo(ProcessInstanceState.COMPLETED);
    assertThat(ended.getEndDate()).isNotNull();
  }

  @Test
  void shouldGetAnIncidentByKeyAsTheSearchShowsIt() {
    // given
    deploy("expression-errors.bpmn");
    long instance = start("expression-errors", Map.of("kind", "mapping"));
    Incident searched = incidents(instance).get(0);
    // when
    Incident got = client.newIncidentGetRequest(searched.getIncidentKey()).send().join();
    // then
    assertThat(got.getIncidentKey()).isEqualTo(searched.getIncidentKey());
    assertThat(got.getProcessInstanceKey()).isEqualTo(instance);
    assertThat(got.getElementId()).isEqualTo("mapped");
    assertThat(got.getErrorType()).isEqualTo(IncidentErrorType.IO_MAPPING_ERROR);
    assertThat(got.getState()).isEqualTo(IncidentState.ACTIVE);
    assertThat(got.getErrorMessage()).isEqualTo(searched.getErrorMessage());
  }

  @Test
  void shouldAnswer404NamingTheKeyWhenNothingHasIt() {
    // when
    ProblemException instance =
        catchThrowableOfType(
            ProblemException.class,
            () -> client.newProcessInstanceGetRequest(123456789L).send().join());
    ProblemException incident =
        catchThrowableOfType(
            ProblemException.class, () -> client.newIncidentGetRequest(987654321L).send().join());
    // then
    assertThat(instance.code()).isEqualTo(404);
    assertThat(instance.details().getDetail())
        .isEqualTo("Expected a process instance with key '123456789', but none was found");
    assertThat(incident.code()).isEqualTo(404);
    assertThat(incident.details().getDetail())
        .isEqualTo("Expected an incident with key '987654321', but none was found");
  }
}
