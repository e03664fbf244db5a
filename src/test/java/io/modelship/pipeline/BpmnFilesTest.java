package io.modelship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SendTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.Task;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BPMN files as Camunda Modeler sees them: its lint rules for Camunda 8.8 report no error,
 * every element is laid out and named, and the job types match {@link JobTypes} and the element
 * templates.
 */
class BpmnFilesTest {

  private static final Path BPMN = Path.of("bpmn");

  @Test
  void shouldPassCamundaModelersLintRulesWithoutErrors() throws Exception {
    // given
    Process lint =
        new ProcessBuilder("bin/bpmn-lint", "bpmn/commit-build.bpmn", "bpmn/nightly-release.bpmn")
            .redirectErrorStream(true)
            .start();
    // when
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean exited = lint.waitFor(5, TimeUnit.MINUTES);
    // then
    assertThat(exited).as("Expected bin/bpmn-lint to finish within 5 minutes").isTrue();
    assertThat(lint.exitValue())
        .as("Expected bin/bpmn-lint (run bin/setup if node is missing) to exit 0, but:%n%s", output)
        .isZero();
    assertThat(output).contains("0 errors");
  }

  @ParameterizedTest
  @ValueSource(strings = {"commit-build.bpmn", "nightly-release.bpmn"})
  void shouldBeValidForZeebeAndTargetCamunda88(String file) throws IOException {
    // given
    String xml = Files.readString(BPMN.resolve(file));
    // when
    BpmnModelInstance model = Bpmn.readModelFromStream(Files.newInputStream(BPMN.resolve(file)));
    Bpmn.validateModel(model);
    // then
    assertThat(xml)
        .contains("modeler:executionPlatform=\"Camunda Cloud\"")
        .contains("modeler:executionPlatformVersion=\"8.8.0\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"commit-build.bpmn", "nightly-release.bpmn"})
  void shouldLayOutAndNameEveryElementAndFlow(String file) throws IOException {
    // given
    BpmnModelInstance model = Bpmn.readModelFromStream(Files.newInputStream(BPMN.resolve(file)));
    Set<String> shapes = new TreeSet<>();
    model
        .getModelElementsByType(BpmnShape.class)
        .forEach(s -> shapes.add(s.getBpmnElement().getId()));
    model
        .getModelElementsByType(BpmnEdge.class)
        .forEach(e -> shapes.add(e.getBpmnElement().getId()));
    // when
    List<String> missingShape = new ArrayList<>();
    List<String> missingName = new ArrayList<>();
    for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
      if (!shapes.contains(element.getId())) {
        missingShape.add(element.getId());
      }
      if (element.getName() == null || element.getName().isBlank()) {
        missingName.add(element.getId());
      }
    }
    // then
    assertThat(missingShape).as("Expected diagram interchange for every element").isEmpty();
    assertThat(missingName).as("Expected a readable name on every element and flow").isEmpty();
  }

  @Test
  void shouldUseExactlyTheJobTypesOfTheConstantsClass() throws IOException {
    // given
    Set<String> inBpmn = new TreeSet<>();
    for (String file : Processes.FILES) {
      BpmnModelInstance model = Bpmn.readModelFromStream(Files.newInputStream(BPMN.resolve(file)));
      // when
      List<Task> jobTasks = new ArrayList<>(model.getModelElementsByType(ServiceTask.class));
      jobTasks.addAll(model.getModelElementsByType(SendTask.class));
      for (Task task : jobTasks) {
        ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
        assertThat(definition).as("Expected a job type on %s", task.getId()).isNotNull();
        inBpmn.add(definition.getType());
      }
    }
    // then
    assertThat(inBpmn).containsExactlyInAnyOrderElementsOf(JobTypes.ALL);
  }

  @Test
  void shouldOfferAnElementTemplateForEveryJobType() throws IOException {
    // given
    JsonNode templates =
        new ObjectMapper()
            .readTree(BPMN.resolve("element-templates/modelship-steps.json").toFile());
    // when
    Set<String> types = new TreeSet<>();
    for (JsonNode template : templates) {
      for (JsonNode property : template.get("properties")) {
        JsonNode binding = property.get("binding");
        if ("zeebe:taskDefinition".equals(binding.get("type").asText())
            && "type".equals(binding.get("property").asText())) {
          types.add(property.get("value").asText());
        }
      }
    }
    // then
    assertThat(types).containsExactlyInAnyOrderElementsOf(JobTypes.ALL);
  }

  @Test
  void shouldAskReleaseManagersToApproveWithADocumentedUserTask() throws IOException {
    // given
    BpmnModelInstance model =
        Bpmn.readModelFromStream(Files.newInputStream(BPMN.resolve("nightly-release.bpmn")));
    // when
    UserTask approval = model.getModelElementById("approve-production");
    // then
    assertThat(approval.getName()).isEqualTo("Approve production release");
    assertThat(approval.getDocumentations()).isNotEmpty();
    assertThat(approval.getDocumentations().iterator().next().getTextContent())
        .contains("commitRange")
        .contains("modelDigestBefore");
    assertThat(
            approval
                .getSingleExtensionElement(ZeebeAssignmentDefinition.class)
                .getCandidateGroups())
        .isEqualTo("release-managers");
  }

  @Test
  void shouldStartTheNightlyReleaseAtTwoInTheMorningByDefault() throws IOException {
    // given
    BpmnModelInstance model =
        Bpmn.readModelFromStream(Files.newInputStream(BPMN.resolve("nightly-release.bpmn")));
    // when
    TimerEventDefinition timer =
        ((BaseElement) model.getModelElementById("nightly"))
            .getChildElementsByType(TimerEventDefinition.class)
            .iterator()
            .next();
    // then
    assertThat(timer.getTimeCycle().getTextContent()).isEqualTo("0 0 2 * * ?");
  }

  @Test
  void shouldLeaveNoBranchOfTheReleaseWithoutReleasingTheLock() throws IOException {
    // given
    BpmnModelInstance model =
        Bpmn.readModelFromStream(Files.newInputStream(BPMN.resolve("nightly-release.bpmn")));
    FlowNode releaseLock = model.getModelElementById("release-lock");
    // when: every end event inside the per-app sub-process
    Set<String> endsNotAfterLock =
        model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.EndEvent.class).stream()
            .filter(e -> e.getParentElement() == releaseLock.getParentElement())
            .filter(e -> !reaches(releaseLock, e, new TreeSet<>()))
            .map(BaseElement::getId)
            .collect(Collectors.toCollection(TreeSet::new));
    // then
    assertThat(endsNotAfterLock).isEmpty();
  }

  private static boolean reaches(FlowNode from, FlowNode to, Set<String> seen) {
    if (from == to) {
      return true;
    }
    if (!seen.add(from.getId())) {
      return false;
    }
    for (SequenceFlow flow : from.getOutgoing()) {
      if (reaches(flow.getTarget(), to, seen)) {
        return true;
      }
    }
    return false;
  }
}
