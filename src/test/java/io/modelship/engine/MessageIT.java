package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageIT extends EngineITSupport {

  @BeforeEach
  void deployProcess() {
    deploy("message-catch.bpmn");
  }

  private void publish(String orderId, Duration ttl, String messageId, Map<String, Object> vars) {
    var step =
        client
            .newPublishMessageCommand()
            .messageName("approved")
            .correlationKey(orderId)
            .timeToLive(ttl)
            .variables(vars);
    if (messageId != null) {
      step = step.messageId(messageId);
    }
    step.send().join();
  }

  @Test
  void shouldCorrelateAPublishedMessageToTheWaitingInstance() {
    // given
    String orderId = UUID.randomUUID().toString();
    long instance = start("message-catch", Map.of("orderId", orderId));

    // when
    publish(orderId, Duration.ZERO, null, Map.of("by", "bob"));

    // then
    var job = activateOne("mc-after");
    assertThat(job.getProcessInstanceKey()).isEqualTo(instance);
    assertThat(job.getVariablesAsMap()).containsEntry("by", "bob");
  }

  @Test
  void shouldBufferAMessageUntilASubscriptionOpensWithinItsTimeToLive() {
    // given
    String orderId = UUID.randomUUID().toString();
    publish(orderId, Duration.ofMinutes(10), null, Map.of());

    // when
    long instance = start("message-catch", Map.of("orderId", orderId));

    // then
    assertThat(activateOne("mc-after").getProcessInstanceKey()).isEqualTo(instance);
  }

  @Test
  void shouldDropABufferedMessageWhenItsTimeToLiveEnds() {
    // given
    String orderId = UUID.randomUUID().toString();
    publish(orderId, Duration.ofMinutes(10), null, Map.of());

    // when
    moveClock(Duration.ofMinutes(11));
    start("message-catch", Map.of("orderId", orderId));

    // then
    assertThat(activate("mc-after")).isEmpty();
  }

  @Test
  void shouldRejectASecondMessageWithTheSameIdWhileTheFirstIsBuffered() {
    // given
    String orderId = UUID.randomUUID().toString();
    publish(orderId, Duration.ofMinutes(10), "id-" + orderId, Map.of());

    // when / then
    assertThatThrownBy(() -> publish(orderId, Duration.ofMinutes(10), "id-" + orderId, Map.of()))
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).details().getStatus()).isEqualTo(409));
  }

  @Test
  void shouldCorrelateAtOnceWithTheCorrelateCommand() {
    // given
    String orderId = UUID.randomUUID().toString();
    long instance = start("message-catch", Map.of("orderId", orderId));

    // when
    var result =
        client
            .newCorrelateMessageCommand()
            .messageName("approved")
            .correlationKey(orderId)
            .send()
            .join();

    // then
    assertThat(result.getProcessInstanceKey()).isEqualTo(instance);
    assertThat(activateOne("mc-after").getProcessInstanceKey()).isEqualTo(instance);
  }

  @Test
  void shouldAnswerNotFoundWhenCorrelatingWithoutASubscription() {
    assertThatThrownBy(
            () ->
                client
                    .newCorrelateMessageCommand()
                    .messageName("approved")
                    .correlationKey("nobody-waits")
                    .send()
                    .join())
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).details().getStatus()).isEqualTo(404));
  }

  @Test
  void shouldCorrelateAMessageOnlyOncePerProcess() {
    // given
    String orderId = UUID.randomUUID().toString();
    start("message-catch", Map.of("orderId", orderId));
    start("message-catch", Map.of("orderId", orderId));

    // when
    publish(orderId, Duration.ZERO, null, Map.of());

    // then
    assertThat(activate("mc-after")).hasSize(1);
  }
}
