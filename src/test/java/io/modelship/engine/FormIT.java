package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Form;
import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Camunda Forms: deployed as {@code .form} resources, linked from user tasks with {@code
 * zeebe:formDefinition formId}, resolved when the task is created and served by {@code GET
 * /v2/user-tasks/{key}/form}, all through the real client. Each test uses its own form and process
 * ids, as the engine is shared.
 */
class FormIT extends EngineITSupport {

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String formId = "approve-" + suffix;
  private final String processId = "with-form-" + suffix;

  private static String form(String id, String label) {
    return """
        {"id": "%s", "type": "default", "schemaVersion": 16,
         "components": [{"type": "textfield", "key": "comment", "label": "%s"}]}"""
        .formatted(id, label);
  }

  private BpmnModelInstance process(ZeebeBindingType binding) {
    return Bpmn.createExecutableProcess(processId)
        .startEvent()
        .userTask("approve")
        .zeebeUserTask()
        .zeebeFormId(formId)
        .zeebeFormBindingType(binding)
        .endEvent()
        .done();
  }

  private DeploymentEvent deployForm(String schema) {
    return client
        .newDeployResourceCommand()
        .addResourceString(schema, java.nio.charset.StandardCharsets.UTF_8, formId + ".form")
        .send()
        .join();
  }

  private UserTask userTask(long instance) {
    List<UserTask> tasks =
        client
            .newUserTaskSearchRequest()
            .filter(f -> f.processInstanceKey(instance))
            .send()
            .join()
            .items();
    assertThat(tasks).as("user tasks of instance %d", instance).hasSize(1);
    return tasks.get(0);
  }

  @Test
  void shouldGiveTheUserTaskTheFormDeployedWithItsProcess() {
    // given
    String schema = form(formId, "Why?");
    DeploymentEvent deployed =
        client
            .newDeployResourceCommand()
            .addResourceString(schema, java.nio.charset.StandardCharsets.UTF_8, "approve.form")
            .addProcessModel(process(ZeebeBindingType.latest), processId + ".bpmn")
            .send()
            .join();

    // when
    long instance = start(processId, Map.of());

    // then
    assertThat(deployed.getForm()).hasSize(1);
    Form deployedForm = deployed.getForm().get(0);
    assertThat(deployedForm.getFormId()).isEqualTo(formId);
    assertThat(deployedForm.getVersion()).isEqualTo(1);
    assertThat(deployedForm.getResourceName()).isEqualTo("approve.form");
    assertThat(deployedForm.getTenantId()).isEqualTo("<default>");
    UserTask task = userTask(instance);
    assertThat(task.getFormKey()).isEqualTo(deployedForm.getFormKey());
    assertThat(client.newUserTaskGetRequest(task.getUserTaskKey()).send().join().getFormKey())
        .isEqualTo(deployedForm.getFormKey());
    var form = client.newUserTaskGetFormRequest(task.getUserTaskKey()).send().join();
    assertThat(form.getFormKey()).isEqualTo(deployedForm.getFormKey());
    assertThat(form.getFormId()).isEqualTo(formId);
    assertThat(form.getVersion()).isEqualTo(1);
    assertThat(form.getSchema()).isEqualTo(schema);
    assertThat(form.getTenantId()).isEqualTo("<default>");
  }

  @Test
  void shouldKeepTheVersionOfAnUnchangedFormAndCountOnForAChangedOne() {
    // given
    Form first = deployForm(form(formId, "Why?")).getForm().get(0);

    // when
    Form same = deployForm(form(formId, "Why?")).getForm().get(0);
    Form changed = deployForm(form(formId, "Why, really?")).getForm().get(0);

    // then
    assertThat(same.getVersion()).isEqualTo(1);
    assertThat(same.getFormKey()).isEqualTo(first.getFormKey());
    assertThat(changed.getVersion()).isEqualTo(2);
    assertThat(changed.getFormKey()).isNotEqualTo(first.getFormKey());
  }

  @Test
  void shouldLinkTheLatestVersionOrTheOneOfItsDeploymentAsTheBindingSays() {
    // given: version 1 deployed with the process bound to its deployment, then a version 2 alone
    Form v1 =
        client
            .newDeployResourceCommand()
            .addResourceString(
                form(formId, "v1"), java.nio.charset.StandardCharsets.UTF_8, "approve.form")
            .addProcessModel(process(ZeebeBindingType.deployment), processId + ".bpmn")
            .send()
            .join()
            .getForm()
            .get(0);
    Form v2 = deployForm(form(formId, "v2")).getForm().get(0);

    // when
    long bound = start(processId, Map.of());
    client
        .newDeployResourceCommand()
        .addProcessModel(process(ZeebeBindingType.latest), processId + ".bpmn")
        .send()
        .join();
    long latest = start(processId, Map.of());

    // then
    assertThat(userTask(bound).getFormKey()).isEqualTo(v1.getFormKey());
    assertThat(userTask(latest).getFormKey()).isEqualTo(v2.getFormKey());
  }

  @Test
  void shouldLinkTheLatestVersionCarryingTheVersionTag() {
    // given: v1 and v2 tagged "stable" and "next"
    Form stable =
        deployForm(form(formId, "stable").replace("{\"id\"", "{\"versionTag\": \"stable\", \"id\""))
            .getForm()
            .get(0);
    deployForm(form(formId, "next").replace("{\"id\"", "{\"versionTag\": \"next\", \"id\""));
    deploy(
        Bpmn.createExecutableProcess(processId)
            .startEvent()
            .userTask("approve")
            .zeebeUserTask()
            .zeebeFormId(formId)
            .zeebeFormBindingType(ZeebeBindingType.versionTag)
            .zeebeFormVersionTag("stable")
            .endEvent()
            .done());

    // when
    long instance = start(processId, Map.of());

    // then
    assertThat(stable.getVersion()).isEqualTo(1);
    assertThat(userTask(instance).getFormKey()).isEqualTo(stable.getFormKey());
  }

  @Test
  void shouldRaiseAnIncidentNamingTheFormUntilItIsDeployed() {
    // given
    deploy(process(ZeebeBindingType.latest));
    long instance = start(processId, Map.of());
    List<Incident> incidents = incidents(instance);
    assertThat(incidents).hasSize(1);
    assertThat(incidents.get(0).getErrorType()).isEqualTo(IncidentErrorType.FORM_NOT_FOUND);
    assertThat(incidents.get(0).getErrorMessage()).contains("'" + formId + "'");
    assertThat(incidents.get(0).getElementId()).isEqualTo("approve");
    assertThat(
            client
                .newUserTaskSearchRequest()
                .filter(f -> f.processInstanceKey(instance))
                .send()
                .join()
                .items())
        .isEmpty();

    // when
    Form deployed = deployForm(form(formId, "Why?")).getForm().get(0);
    client.newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();

    // then
    assertThat(userTask(instance).getFormKey()).isEqualTo(deployed.getFormKey());
    assertThat(incidents(instance)).noneMatch(i -> i.getState().name().equals("ACTIVE"));
  }

  @Test
  void shouldAnswerNoFormForAUserTaskWithoutOne() {
    // given
    deploy(
        Bpmn.createExecutableProcess(processId)
            .startEvent()
            .userTask("approve")
            .zeebeUserTask()
            .endEvent()
            .done());
    UserTask task = userTask(start(processId, Map.of()));

    // when
    var form = client.newUserTaskGetFormRequest(task.getUserTaskKey()).send().join();

    // then: 204, as Camunda 8.8 answers for a task without a linked form
    assertThat(task.getFormKey()).isNull();
    assertThat(form == null || form.getFormId() == null).isTrue();
  }

  @Test
  void shouldAnswerNotFoundForTheFormOfAnUnknownUserTask() {
    // when / then
    assertThatThrownBy(() -> client.newUserTaskGetFormRequest(123456789L).send().join())
        .isInstanceOf(ProblemException.class)
        .satisfies(
            e -> {
              var problem = ((ProblemException) e).details();
              assertThat(problem.getStatus()).isEqualTo(404);
              assertThat(problem.getDetail()).contains("user task").contains("'123456789'");
            });
  }

  @Test
  void shouldRejectAMalformedFormNamingItAndDeployNothing() {
    // when / then
    assertThatThrownBy(
            () ->
                client
                    .newDeployResourceCommand()
                    .addProcessModel(process(ZeebeBindingType.latest), processId + ".bpmn")
                    .addResourceString(
                        "{\"components\": [", java.nio.charset.StandardCharsets.UTF_8, "bad.form")
                    .send()
                    .join())
        .isInstanceOf(ProblemException.class)
        .satisfies(
            e -> {
              var problem = ((ProblemException) e).details();
              assertThat(problem.getStatus()).isEqualTo(400);
              assertThat(problem.getDetail()).contains("'bad.form'").doesNotContain("at [Source");
            });
    assertThat(
            client
                .newProcessDefinitionSearchRequest()
                .filter(f -> f.processDefinitionId(processId))
                .send()
                .join()
                .items())
        .isEmpty();
  }

  @Test
  void shouldRejectAFormWithoutAnId() {
    // when / then
    assertThatThrownBy(
            () ->
                client
                    .newDeployResourceCommand()
                    .addResourceString(
                        "{\"components\": []}",
                        java.nio.charset.StandardCharsets.UTF_8,
                        "no-id.form")
                    .send()
                    .join())
        .isInstanceOf(ProblemException.class)
        .satisfies(
            e ->
                assertThat(((ProblemException) e).details().getDetail())
                    .contains("'no-id.form'")
                    .contains("'id'"));
  }

  private void deploy(BpmnModelInstance model) {
    client.newDeployResourceCommand().addProcessModel(model, processId + ".bpmn").send().join();
  }
}
