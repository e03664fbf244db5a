package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.response.ProcessInstanceSequenceFlow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v2/process-instances/{key}/sequence-flows} through the real client: the flows a run
 * took, each once, as Camunda Process Test's coverage report reads them.
 */
class SequenceFlowIT extends EngineITSupport {

  @BeforeEach
  void deployProcesses() {
    deploy("exclusive-gateway.bpmn");
  }

  @Test
  void shouldListOnlyTheFlowsTheInstanceTook() {
    // when
    long instance = start("exclusive-gateway", Map.of("amount", 200));

    // then
    List<ProcessInstanceSequenceFlow> flows = flows(instance);
    assertThat(flows)
        .extracting(ProcessInstanceSequenceFlow::getElementId)
        .containsExactlyInAnyOrder("toGateway", "toLarge");
    assertThat(flows)
        .allSatisfy(
            flow -> {
              assertThat(flow.getProcessInstanceKey()).isEqualTo(String.valueOf(instance));
              assertThat(flow.getProcessDefinitionId()).isEqualTo("exclusive-gateway");
              assertThat(flow.getSequenceFlowId()).isEqualTo(instance + "_" + flow.getElementId());
            });
  }

  @Test
  void shouldKeepTheFlowsOfAFinishedInstance() {
    // given
    long instance = start("exclusive-gateway", Map.of("amount", 5));

    // when
    complete("xg-small", Map.of());

    // then
    assertThat(flows(instance))
        .extracting(ProcessInstanceSequenceFlow::getElementId)
        .containsExactlyInAnyOrder("toGateway", "toSmall");
  }

  @Test
  void shouldListNoFlowsOfAnUnknownInstance() {
    // when, then
    assertThat(flows(2251799813999999L)).isEmpty();
  }

  private List<ProcessInstanceSequenceFlow> flows(long instance) {
    return client.newProcessInstanceSequenceFlowsRequest(instance).send().join();
  }
}
