package io.modelship.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.model.Mapping;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Variable scopes as Zeebe documents them: each element instance is a scope inside its flow scope,
 * up to the process instance. A variable is visible in its scope and every scope inside it; the
 * innermost one wins. Propagation sets a variable in the innermost scope that already has it, else
 * in the process instance.
 */
public final class VariableScopes {

  private final EngineState state;
  private final FeelExpressions feel;

  public VariableScopes(EngineState state, FeelExpressions feel) {
    this.state = state;
    this.feel = feel;
  }

  /** Every variable visible from a scope, by name. */
  public Map<String, JsonNode> visible(long scopeKey) {
    List<Long> chain = chain(scopeKey);
    Map<String, JsonNode> result = new HashMap<>();
    for (int i = chain.size() - 1; i >= 0; i--) {
      result.putAll(state.variables().local(chain.get(i)));
    }
    return result;
  }

  public Map<String, JsonNode> local(long scopeKey) {
    return state.variables().local(scopeKey);
  }

  public void setLocal(ElementInstance scope, Map<String, JsonNode> variables) {
    variables.forEach(
        (name, value) -> setLocal(scope.key(), scope.processInstanceKey(), name, value));
  }

  public void setLocal(ElementInstance scope, String name, JsonNode value) {
    setLocal(scope.key(), scope.processInstanceKey(), name, value);
  }

  /** Sets each variable in the innermost scope from {@code scopeKey} up that has it. */
  public void propagate(long scopeKey, Map<String, JsonNode> variables) {
    List<Long> chain = chain(scopeKey);
    long root = chain.get(chain.size() - 1);
    long processInstanceKey = state.elementInstances().get(root).processInstanceKey();
    variables.forEach(
        (name, value) -> {
          long target = root;
          for (long scope : chain) {
            if (state.variables().get(scope, name) != null) {
              target = scope;
              break;
            }
          }
          setLocal(target, processInstanceKey, name, value);
        });
  }

  /** Evaluates one expression against the given variables. */
  public JsonNode evaluate(
      io.modelship.engine.feel.Expression expression, Map<String, JsonNode> context) {
    return feel.evaluate(expression, context);
  }

  /**
   * Evaluates mappings in order; a later mapping sees the targets of earlier ones. A target {@code
   * a.b} sets the entry {@code b} of the context {@code a}.
   *
   * @throws io.modelship.engine.feel.ExpressionException when a source fails to evaluate
   */
  public Map<String, JsonNode> map(List<Mapping> mappings, Map<String, JsonNode> context) {
    Map<String, JsonNode> input = new HashMap<>(context);
    Map<String, JsonNode> result = new LinkedHashMap<>();
    for (Mapping mapping : mappings) {
      JsonNode value = feel.evaluate(mapping.source(), input);
      String[] path = mapping.target().split("\\.");
      JsonNode merged = value;
      if (path.length > 1) {
        JsonNode existing = result.containsKey(path[0]) ? result.get(path[0]) : input.get(path[0]);
        ObjectNode root =
            existing instanceof ObjectNode object
                ? object.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        ObjectNode node = root;
        for (int i = 1; i < path.length - 1; i++) {
          node = node.get(path[i]) instanceof ObjectNode child ? child : node.putObject(path[i]);
        }
        node.set(path[path.length - 1], value);
        merged = root;
      }
      result.put(path[0], merged);
      input.put(path[0], merged);
    }
    return result;
  }

  private void setLocal(long scopeKey, long processInstanceKey, String name, JsonNode value) {
    Variable existing = state.variables().get(scopeKey, name);
    if (existing == null) {
      state
          .variables()
          .put(new Variable(state.nextKey(), scopeKey, processInstanceKey, name, value));
    } else if (!existing.value().equals(value)) {
      state
          .variables()
          .put(new Variable(existing.key(), scopeKey, processInstanceKey, name, value));
    }
  }

  /** The scope and its ancestors, innermost first. */
  private List<Long> chain(long scopeKey) {
    List<Long> chain = new ArrayList<>(4);
    ElementInstance scope = state.elementInstances().get(scopeKey);
    while (scope != null) {
      chain.add(scope.key());
      scope = scope.flowScopeKey() < 0 ? null : state.elementInstances().get(scope.flowScopeKey());
    }
    return chain;
  }
}
