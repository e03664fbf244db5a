package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.engine.deployment.Resource;
import io.modelship.engine.state.DeployedForm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployed forms, and which forms each process version was deployed with, survive a restart. */
class FormDurabilityTest {

  private static final String BPMN =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
      xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
        <bpmn:process id="p" isExecutable="true">
          <bpmn:startEvent id="s"/>
          <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
          <bpmn:userTask id="t"><bpmn:extensionElements><zeebe:userTask/>
            <zeebe:formDefinition formId="f" bindingType="deployment"/></bpmn:extensionElements>
          </bpmn:userTask>
        </bpmn:process>
      </bpmn:definitions>
      """;

  @TempDir Path data;

  private static <T> T run(Engine engine, Callable<T> command) {
    return engine.writer().submit(command).join();
  }

  @Test
  void shouldKeepDeployedFormsAndTheirDeploymentAcrossARestart() {
    // given
    long formKey;
    try (Engine engine = Engine.start(data)) {
      var validated =
          engine
              .deployments()
              .validate(
                  List.of(
                      new Resource("f.form", "{\"id\": \"f\"}".getBytes(StandardCharsets.UTF_8)),
                      new Resource("p.bpmn", BPMN.getBytes(StandardCharsets.UTF_8))));
      formKey = run(engine, () -> engine.deployments().deploy(validated)).forms().get(0).key();
    }

    // when
    try (Engine engine = Engine.start(data)) {
      // then
      DeployedForm form = run(engine, () -> engine.state().forms().latest("f"));
      assertThat(form.key()).isEqualTo(formKey);
      assertThat(form.version()).isEqualTo(1);
      assertThat(form.schema()).isEqualTo("{\"id\": \"f\"}");
      assertThat(run(engine, () -> engine.state().definitions().latest("p").deploymentForm("f")))
          .isEqualTo(formKey);
    }
  }
}
