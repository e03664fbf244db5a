package io.modelship.engine.api;

import io.camunda.client.protocol.rest.MessageCorrelationRequest;
import io.camunda.client.protocol.rest.MessageCorrelationResult;
import io.camunda.client.protocol.rest.MessagePublicationRequest;
import io.camunda.client.protocol.rest.MessagePublicationResult;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v2/messages/publication} and {@code /v2/messages/correlation}. */
@RestController("engineMessageController")
@ConditionalOnEngine
@RequestMapping("/v2/messages")
class MessageController {

  private final Engine engine;

  MessageController(Engine engine) {
    this.engine = engine;
  }

  @PostMapping("/publication")
  CompletableFuture<MessagePublicationResult> publish(
      @RequestBody MessagePublicationRequest request) {
    var variables = Keys.variables(request.getVariables());
    long ttl = request.getTimeToLive() == null ? 0 : request.getTimeToLive();
    return engine
        .publish(
            request.getName(), request.getCorrelationKey(), ttl, request.getMessageId(), variables)
        .thenApply(
            key ->
                new MessagePublicationResult()
                    .messageKey(Keys.text(key))
                    .tenantId(ProcessInstanceController.TENANT));
  }

  @PostMapping("/correlation")
  CompletableFuture<MessageCorrelationResult> correlate(
      @RequestBody MessageCorrelationRequest request) {
    var variables = Keys.variables(request.getVariables());
    return engine
        .writer()
        .submit(
            () ->
                engine
                    .messages()
                    .correlate(request.getName(), request.getCorrelationKey(), variables))
        .thenApply(
            correlated ->
                new MessageCorrelationResult()
                    .messageKey(Keys.text(correlated.messageKey()))
                    .processInstanceKey(Keys.text(correlated.processInstanceKey()))
                    .tenantId(ProcessInstanceController.TENANT));
  }
}
