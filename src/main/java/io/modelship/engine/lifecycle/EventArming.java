package io.modelship.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.ElementInstance;
import java.util.Map;

/**
 * Arms the events an instance waits for as it activates (timers, subscriptions): the boundary
 * events of an activity, the start events of the event sub-processes of a scope.
 */
public interface EventArming {
  /**
   * @throws io.modelship.engine.feel.ExpressionException when the event's timer, message name or
   *     correlation key cannot be evaluated
   */
  void arm(ElementInstance owner, FlowNode event, Map<String, JsonNode> variables);
}
