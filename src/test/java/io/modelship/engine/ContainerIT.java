package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerIT extends EngineITSupport {

  @Test
  void shouldRunAnEmbeddedSubProcessWithItsInputAndOutputMappings() {
    // given
    deploy("sub-process.bpmn");
    long instance = start("sub-process", Map.of("repo", "git@example:app"));

    // when
    ActivatedJob checkout = activateOne("sp-checkout");
    client.newCompleteCommand(checkout).variables(Map.of("checkedOut", "abc123")).send().join();

    // then
    assertThat(checkout.getVariablesAsMap()).containsEntry("source", "git@example:app");
    assertThat(activateOne("sp-after").getVariablesAsMap()).containsEntry("fetched", "abc123");
    assertThat(variable(instance, "source")).isNull();
  }

  @Test
  void shouldRunTheCalledProcessAndPropagateVariablesBothWays() {
    // given
    deploy("call-child.bpmn", "call-parent.bpmn");
    long parent = start("call-parent", Map.of("commit", "c1"));

    // when
    ActivatedJob child = activateOne("ca-child");
    client.newCompleteCommand(child).variables(Map.of("image", "sha256:1")).send().join();

    // then
    assertThat(child.getProcessInstanceKey()).isNotEqualTo(parent);
    assertThat(child.getVariablesAsMap()).containsEntry("commit", "c1");
    ActivatedJob after = activateOne("ca-after");
    assertThat(after.getProcessInstanceKey()).isEqualTo(parent);
    assertThat(after.getVariablesAsMap()).containsEntry("image", "sha256:1");
    assertThat(state(child.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
  }

  @Test
  void shouldRunParallelMultiInstanceAndCollectTheOutputsInOrder() {
    // given
    deploy("multi-instance.bpmn");
    long instance = start("multi-instance", Map.of("items", List.of("a", "b", "c")));

    // when
    List<ActivatedJob> jobs = activate("mi-each");
    jobs.stream()
        .sorted(
            Comparator.comparing((ActivatedJob j) -> (String) j.getVariablesAsMap().get("item"))
                .reversed())
        .forEach(
            job ->
                client
                    .newCompleteCommand(job)
                    .variables(Map.of("result", job.getVariablesAsMap().get("item") + "!"))
                    .send()
                    .join());

    // then
    assertThat(jobs).hasSize(3);
    ActivatedJob after = activateOne("mi-after");
    assertThat(after.getProcessInstanceKey()).isEqualTo(instance);
    assertThat(after.getVariablesAsMap()).containsEntry("results", List.of("a!", "b!", "c!"));
  }

  @Test
  void shouldRunSequentialMultiInstanceOneItemAfterAnother() {
    // given
    deploy("multi-instance-sequential.bpmn");
    start("multi-instance-sequential", Map.of("items", List.of(1, 2)));

    // when
    ActivatedJob first = activateOne("mis-each");
    client.newCompleteCommand(first).variables(Map.of("result", 10)).send().join();
    ActivatedJob second = activateOne("mis-each");
    client.newCompleteCommand(second).variables(Map.of("result", 20)).send().join();

    // then
    assertThat(first.getVariablesAsMap()).containsEntry("item", 1).containsEntry("loopCounter", 1);
    assertThat(second.getVariablesAsMap()).containsEntry("item", 2).containsEntry("loopCounter", 2);
    assertThat(activateOne("mis-after").getVariablesAsMap())
        .containsEntry("results", List.of(10, 20));
  }

  @Test
  void shouldTerminateTheOtherBranchesAtATerminateEndEvent() {
    // given
    deploy("terminate-end.bpmn");
    long instance = start("terminate-end", Map.of());

    // when
    complete("te-fast", Map.of());

    // then
    assertThat(state(instance)).isEqualTo(ProcessInstanceState.COMPLETED);
    assertThat(activate("te-slow")).isEmpty();
  }
}
