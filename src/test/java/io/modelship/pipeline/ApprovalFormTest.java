package io.modelship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The approval task's Camunda Form fits the task: the task links it by id, every read-only field
 * shows one of the task's inputs, and the decision and comment are the variables the task's outputs
 * (and ApprovalController) use.
 */
class ApprovalFormTest {

  private static final Path FORM = Path.of("bpmn/approve-production.form");
  private static final Path NIGHTLY = Path.of("bpmn/nightly-release.bpmn");

  private final JsonNode form = read();
  private final UserTask task =
      Bpmn.readModelFromFile(NIGHTLY.toFile()).getModelElementById("approve-production");

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(FORM.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<JsonNode> fields() {
    List<JsonNode> fields = new ArrayList<>();
    form.path("components").forEach(c -> fields.add(c));
    return fields;
  }

  @Test
  void shouldBeLinkedFromTheApprovalTaskAndDeployedWithTheProcesses() {
    ZeebeFormDefinition link = task.getSingleExtensionElement(ZeebeFormDefinition.class);
    assertThat(link).as("zeebe:formDefinition of approve-production").isNotNull();
    assertThat(link.getFormId()).isEqualTo(form.path("id").asText());
    assertThat(Processes.FORMS).contains(FORM.getFileName().toString());
  }

  @Test
  void shouldShowOnlyTheTasksInputsInReadOnlyFields() {
    Set<String> inputs =
        task.getSingleExtensionElement(ZeebeIoMapping.class).getInputs().stream()
            .map(ZeebeInput::getTarget)
            .collect(Collectors.toSet());
    List<String> shown =
        fields().stream()
            .filter(f -> f.path("readonly").asBoolean())
            .map(f -> f.path("key").asText())
            .toList();
    assertThat(shown)
        .contains("app", "imageDigest", "gitSha", "modelDigestAfter", "stagingSmoke")
        .allSatisfy(key -> assertThat(inputs).contains(key));
  }

  @Test
  void shouldAskForTheDecisionAndCommentTheTaskOutputs() {
    Set<String> outputs =
        task.getSingleExtensionElement(ZeebeIoMapping.class).getOutputs().stream()
            .map(ZeebeOutput::getSource)
            .collect(Collectors.toSet());
    JsonNode decision =
        fields().stream().filter(f -> "radio".equals(f.path("type").asText())).findFirst().get();
    assertThat(decision.path("key").asText()).isEqualTo("approved");
    assertThat(decision.path("validate").path("required").asBoolean()).isTrue();
    List<JsonNode> values = new ArrayList<>();
    decision.path("values").forEach(values::add);
    assertThat(values).extracting(v -> v.path("value")).allMatch(JsonNode::isBoolean);
    assertThat(values).extracting(v -> v.path("value").asBoolean()).containsExactly(true, false);
    JsonNode comment =
        fields().stream()
            .filter(f -> "approvalComment".equals(f.path("key").asText()))
            .findFirst()
            .get();
    assertThat(comment.path("type").asText()).isEqualTo("textarea");
    assertThat(comment.path("validate").path("maxLength").asInt()).isEqualTo(1000);
    assertThat(outputs).contains("=approved", "=approvalComment");
  }
}
