package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.DeploymentEvent;
import org.junit.jupiter.api.Test;

class DeploymentIT extends EngineITSupport {

  @Test
  void shouldReturnTheExistingVersionWhenAnUnchangedFileIsDeployedAgain() {
    // given
    DeploymentEvent first =
        client
            .newDeployResourceCommand()
            .addResourceFromClasspath("bpmn/call-child.bpmn")
            .send()
            .join();

    // when
    DeploymentEvent again =
        client
            .newDeployResourceCommand()
            .addResourceFromClasspath("bpmn/call-child.bpmn")
            .send()
            .join();

    // then
    assertThat(again.getProcesses().get(0).getVersion())
        .isEqualTo(first.getProcesses().get(0).getVersion());
    assertThat(again.getProcesses().get(0).getProcessDefinitionKey())
        .isEqualTo(first.getProcesses().get(0).getProcessDefinitionKey());
  }

  @Test
  void shouldDeploySeveralFilesInOneDeployment() {
    // when
    DeploymentEvent event =
        client
            .newDeployResourceCommand()
            .addResourceFromClasspath("bpmn/exclusive-gateway.bpmn")
            .addResourceFromClasspath("bpmn/parallel-gateway.bpmn")
            .send()
            .join();

    // then
    assertThat(event.getProcesses())
        .extracting(p -> p.getBpmnProcessId())
        .containsExactlyInAnyOrder("exclusive-gateway", "parallel-gateway");
  }

  @Test
  void shouldRejectADeploymentNamingEachUnsupportedElementAndBadExpression() {
    // when / then
    assertThatThrownBy(
            () ->
                client
                    .newDeployResourceCommand()
                    .addResourceFromClasspath("bpmn/invalid.bpmn")
                    .send()
                    .join())
        .isInstanceOf(ProblemException.class)
        .satisfies(
            e -> {
              var problem = ((ProblemException) e).details();
              assertThat(problem.getStatus()).isEqualTo(400);
              assertThat(problem.getDetail())
                  .contains("element 'gateway'")
                  .contains("inclusiveGateway")
                  .contains("element 'f2'")
                  .contains("FEEL");
            });
  }

  @Test
  void shouldStoreNothingOfARejectedDeployment() {
    // given
    String good = "bpmn/call-parent.bpmn";

    // when
    assertThatThrownBy(
            () ->
                client
                    .newDeployResourceCommand()
                    .addResourceFromClasspath(good)
                    .addResourceFromClasspath("bpmn/invalid.bpmn")
                    .send()
                    .join())
        .isInstanceOf(ProblemException.class);

    // then
    var found =
        client
            .newProcessDefinitionSearchRequest()
            .filter(f -> f.processDefinitionId("invalid"))
            .send()
            .join()
            .items();
    assertThat(found).isEmpty();
  }

  @Test
  void shouldServeTheXmlOfADeployedProcess() {
    // given
    long key =
        client
            .newDeployResourceCommand()
            .addResourceFromClasspath("bpmn/call-child.bpmn")
            .send()
            .join()
            .getProcesses()
            .get(0)
            .getProcessDefinitionKey();

    // when
    String xml = client.newProcessDefinitionGetXmlRequest(key).send().join();

    // then
    assertThat(xml).contains("id=\"call-child\"");
  }

  @Test
  void shouldAcceptWhatTheModelerWritesButDoesNotExecute() {
    // given
    client
        .newDeployResourceCommand()
        .addResourceFromClasspath("bpmn/modeler-artifacts.bpmn")
        .send()
        .join();

    // when
    long instance = start("modeler-artifacts", java.util.Map.of());

    // then
    assertThat(activateOne("ma-work").getProcessInstanceKey()).isEqualTo(instance);
  }

  @Test
  void shouldSortAndPageSearchResultsAsTheClientAsks() {
    // given
    String xml =
        "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"d\""
            + " targetNamespace=\"t\"><bpmn:process id=\"paged\" isExecutable=\"true\">"
            + "<bpmn:startEvent id=\"s%d\"/></bpmn:process></bpmn:definitions>";
    for (int version = 1; version <= 3; version++) {
      client
          .newDeployResourceCommand()
          .addResourceStringUtf8(xml.formatted(version), "paged.bpmn")
          .send()
          .join();
    }

    // when
    var page =
        client
            .newProcessDefinitionSearchRequest()
            .filter(f -> f.processDefinitionId("paged"))
            .sort(s -> s.version().desc())
            .page(p -> p.limit(2))
            .send()
            .join();

    // then
    assertThat(page.items()).extracting(d -> d.getVersion()).containsExactly(3, 2);
    assertThat(page.page().totalItems()).isEqualTo(3);
  }
}
