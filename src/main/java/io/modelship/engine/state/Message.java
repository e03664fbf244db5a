package io.modelship.engine.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A published message, buffered until {@code expiresMillis}.
 *
 * @param correlatedProcesses the BPMN process ids it was already correlated to; Zeebe correlates a
 *     message at most once per process
 */
public record Message(
    long key,
    String name,
    String correlationKey,
    String messageId,
    long expiresMillis,
    JsonNode variables,
    List<String> correlatedProcesses)
    implements Entity {

  public Message correlatedTo(String bpmnProcessId) {
    var processes = new java.util.ArrayList<>(correlatedProcesses);
    processes.add(bpmnProcessId);
    return new Message(key, name, correlationKey, messageId, expiresMillis, variables, processes);
  }
}
