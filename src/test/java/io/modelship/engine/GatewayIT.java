package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayIT extends EngineITSupport {

  @BeforeEach
  void deployProcesses() {
    deploy("exclusive-gateway.bpmn", "exclusive-gateway-no-default.bpmn", "parallel-gateway.bpmn");
  }

  @Test
  void shouldTakeTheFlowWhoseConditionIsTrue() {
    // when
    long instance = start("exclusive-gateway", Map.of("amount", 200));

    // then
    assertThat(activateOne("xg-large").getProcessInstanceKey()).isEqualTo(instance);
    assertThat(activate("xg-small")).isEmpty();
  }

  @Test
  void shouldTakeDefaultFlowWhenNoConditionMatches() {
    // when
    long instance = start("exclusive-gateway", Map.of("amount", 50));

    // then
    assertThat(activateOne("xg-other").getProcessInstanceKey()).isEqualTo(instance);
  }

  @Test
  void shouldRaiseAConditionIncidentWhenNoConditionMatchesAndThereIsNoDefault() {
    // when
    long instance = start("exclusive-gateway-no-default", Map.of("approved", "maybe"));

    // then
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.ACTIVE);
    assertThat(incidents(instance))
        .singleElement()
        .satisfies(
            incident -> {
              assertThat(incident.getErrorType()).isEqualTo(IncidentErrorType.CONDITION_ERROR);
              assertThat(incident.getElementId()).isEqualTo("gateway");
            });
  }

  @Test
  void shouldForkAndContinueOnlyWhenEveryBranchHasJoined() {
    // given
    long instance = start("parallel-gateway", Map.of());

    // when
    complete("pg-a", Map.of("a", 1));

    // then
    assertThat(activate("pg-after")).isEmpty();
    complete("pg-b", Map.of("b", 2));
    var after = activateOne("pg-after");
    assertThat(after.getVariablesAsMap()).containsEntry("a", 1).containsEntry("b", 2);
    client.newCompleteCommand(after).send().join();
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.COMPLETED);
  }
}
