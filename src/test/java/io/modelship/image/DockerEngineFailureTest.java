package io.modelship.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class DockerEngineFailureTest {

  private static final String HOST = "unix:///tmp/msd/docker.sock";

  @Test
  void shouldRetryWhenTheEngineSocketIsGone() {
    // given: docker-java's transport, when dockerd is stopped
    RuntimeException thrown =
        new RuntimeException(new SocketException("No such file or directory"));
    // when
    RuntimeException outcome = DockerEngineFailure.translate(thrown, HOST, "run app@sha256:1");
    // then
    assertThat(outcome)
        .isInstanceOf(TransientStepException.class)
        .hasMessage(
            "Expected to reach the Docker engine at "
                + HOST
                + " to run app@sha256:1, but SocketException: No such file or directory")
        .hasCause(thrown);
  }

  @Test
  void shouldRetryConflictsRateLimitsAndServerErrorsButNotOtherAnswers() {
    // when
    RuntimeException conflict =
        DockerEngineFailure.translate(new DockerException("busy", 409), HOST, "run app");
    RuntimeException serverError =
        DockerEngineFailure.translate(new DockerException("oops", 500), HOST, "run app");
    RuntimeException tooMany =
        DockerEngineFailure.translate(new DockerException("slow down", 429), HOST, "build app");
    RuntimeException notFound =
        DockerEngineFailure.translate(new NotFoundException("no such image"), HOST, "run app");
    // then
    assertThat(conflict).isInstanceOf(TransientStepException.class).hasMessageContaining("409");
    assertThat(serverError).isInstanceOf(TransientStepException.class);
    assertThat(tooMany).isInstanceOf(TransientStepException.class).hasMessageContaining("429");
    assertThat(notFound)
        .isNotInstanceOf(TransientStepException.class)
        .hasMessageStartingWith("Expected the Docker engine to run app, but it answered 404: ")
        .hasMessageContaining("no such image");
  }

  @Test
  void shouldLeaveTheStepsOwnOutcomesAndUnrelatedFailuresAsTheyAre() {
    // given
    BusinessOutcomeException rollout =
        new BusinessOutcomeException(ErrorCode.ROLLOUT_FAILED, "not healthy");
    IllegalArgumentException badRequest = new IllegalArgumentException("not pinned");
    // when / then
    assertThat(DockerEngineFailure.translate(rollout, HOST, "run app")).isSameAs(rollout);
    assertThat(DockerEngineFailure.translate(badRequest, HOST, "run app")).isSameAs(badRequest);
  }
}
