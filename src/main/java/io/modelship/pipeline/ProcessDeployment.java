package io.modelship.pipeline;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Deploys {@code commit-build} and {@code nightly-release}, with the Camunda Forms of their user
 * tasks ({@link Processes#FORMS}), to the engine when the app is ready, with the nightly timer's
 * cron taken from {@code modelship.pipeline.release.cron}. Deploying unchanged files again creates
 * no new version. Off with {@code modelship.pipeline.deploy-on-start=false}, for whoever deploys
 * them itself ({@link #deploy()}), e.g. tests that pin the engine's clock first, so the nightly
 * timer is scheduled from that time.
 */
@Component
public class ProcessDeployment {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessDeployment.class);
  static final String NIGHTLY_TIMER = "nightly";

  private final CamundaClient camunda;
  private final PipelineProperties pipeline;

  public ProcessDeployment(CamundaClient camunda, PipelineProperties pipeline) {
    this.camunda = camunda;
    this.pipeline = pipeline;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void deployOnStart() {
    if (!pipeline.deployOnStart()) {
      return;
    }
    try {
      deploy();
    } catch (RuntimeException e) {
      LOG.error(
          "Expected the engine to accept {} and {}, but it did not: {}",
          Processes.FILES,
          Processes.FORMS,
          e.getMessage());
    }
  }

  /** Deploys both processes and their forms in one deployment; returns the deployment key. */
  public long deploy() {
    var command = camunda.newDeployResourceCommand();
    var step =
        command.addResourceBytes(resource(Processes.FILES.get(0), false), Processes.FILES.get(0));
    for (String file : Processes.FILES.subList(1, Processes.FILES.size())) {
      step = step.addResourceBytes(resource(file, true), file);
    }
    for (String form : Processes.FORMS) {
      step = step.addResourceBytes(resource(form, false), form);
    }
    long key = step.send().join().getKey();
    LOG.info(
        "Deployed {} and {} (nightly cron '{}') as deployment {}",
        Processes.FILES,
        Processes.FORMS,
        pipeline.release().cron(),
        key);
    return key;
  }

  private byte[] resource(String file, boolean setCron) {
    try (InputStream in = new ClassPathResource("bpmn/" + file).getInputStream()) {
      byte[] bytes = in.readAllBytes();
      return setCron ? withCron(bytes, pipeline.release().cron()) : bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("Expected bpmn/" + file + " on the classpath, but: " + e, e);
    }
  }

  /** The process with the nightly timer's cycle set to {@code cron}; unchanged when it matches. */
  static byte[] withCron(byte[] bpmn, String cron) {
    BpmnModelInstance model = Bpmn.readModelFromStream(new java.io.ByteArrayInputStream(bpmn));
    StartEvent timer = model.getModelElementById(NIGHTLY_TIMER);
    TimerEventDefinition definition =
        timer.getEventDefinitions().stream()
            .filter(TimerEventDefinition.class::isInstance)
            .map(TimerEventDefinition.class::cast)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Expected start event '"
                            + NIGHTLY_TIMER
                            + "' to be a timer, but it is not"));
    if (cron.equals(definition.getTimeCycle().getTextContent())) {
      return bpmn;
    }
    definition.getTimeCycle().setTextContent(cron);
    return Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8);
  }
}
