package io.modelship.engine.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.modelship.engine.command.AlreadyExistsException;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.command.InvalidStateException;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.command.UnavailableException;
import io.modelship.engine.parse.InvalidDeploymentException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gRPC status of a refused command, as Zeebe's gateway sends them. */
final class Statuses {

  private static final Logger LOG = LoggerFactory.getLogger(Statuses.class);

  private Statuses() {}

  static StatusRuntimeException of(Throwable failure) {
    Throwable e =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    Status status;
    if (e instanceof NotFoundException) {
      status = Status.NOT_FOUND;
    } else if (e instanceof InvalidArgumentException || e instanceof InvalidDeploymentException) {
      status = Status.INVALID_ARGUMENT;
    } else if (e instanceof InvalidStateException) {
      status = Status.FAILED_PRECONDITION;
    } else if (e instanceof AlreadyExistsException) {
      status = Status.ALREADY_EXISTS;
    } else if (e instanceof UnavailableException) {
      status = Status.UNAVAILABLE;
    } else {
      LOG.error("Unexpected failure in the engine's gRPC gateway", e);
      return Status.INTERNAL
          .withDescription(
              "Expected to handle the request, but the engine failed unexpectedly; see its log")
          .asRuntimeException();
    }
    return status.withDescription(e.getMessage()).asRuntimeException();
  }
}
