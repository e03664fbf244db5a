package io.modelship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessDeploymentTest {

  private static final Path NIGHTLY = Path.of("bpmn/nightly-release.bpmn");

  @Test
  void shouldWriteTheConfiguredCronIntoTheNightlyTimer() throws Exception {
    // given
    byte[] file = Files.readAllBytes(NIGHTLY);
    // when
    byte[] changed = ProcessDeployment.withCron(file, "0 30 3 * * ?");
    // then
    StartEvent timer =
        Bpmn.readModelFromStream(new ByteArrayInputStream(changed)).getModelElementById("nightly");
    TimerEventDefinition definition =
        (TimerEventDefinition) timer.getEventDefinitions().iterator().next();
    assertThat(definition.getTimeCycle().getTextContent()).isEqualTo("0 30 3 * * ?");
  }

  @Test
  void shouldDeployTheFileUnchangedWithTheDefaultCron() throws Exception {
    // given
    byte[] file = Files.readAllBytes(NIGHTLY);
    // when
    byte[] same =
        ProcessDeployment.withCron(file, new PipelineProperties(null, null, null).release().cron());
    // then: the same bytes, so deploying again creates no new version
    assertThat(same).isSameAs(file);
  }

  @Test
  void shouldDoubleTheRetryBackoffWithEveryAttemptUpToFiveMinutes() {
    // given
    StepProperties steps = new StepProperties(null, null, null, Duration.ofSeconds(5), null);
    // then
    assertThat(steps.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(steps.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(steps.backoffAfter(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(steps.backoffAfter(30)).isEqualTo(Duration.ofMinutes(5));
  }
}
