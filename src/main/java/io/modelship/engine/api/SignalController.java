package io.modelship.engine.api;

import io.camunda.client.protocol.rest.SignalBroadcastRequest;
import io.camunda.client.protocol.rest.SignalBroadcastResult;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v2/signals/broadcast}: triggers every signal event waiting for the signal. */
@RestController("engineSignalController")
@ConditionalOnEngine
@RequestMapping("/v2/signals")
class SignalController {

  private final Engine engine;

  SignalController(Engine engine) {
    this.engine = engine;
  }

  @PostMapping("/broadcast")
  CompletableFuture<SignalBroadcastResult> broadcast(@RequestBody SignalBroadcastRequest request) {
    var variables = Keys.variables(request.getVariables());
    return engine
        .writer()
        .submit(() -> engine.messages().broadcast(request.getSignalName(), variables))
        .thenApply(
            key ->
                new SignalBroadcastResult()
                    .signalKey(Keys.text(key))
                    .tenantId(ProcessInstanceController.TENANT));
  }
}
