package io.modelship.engine.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Variables, indexed by scope and name. */
public final class Variables extends Records<Variable> {

  private final Map<Long, Map<String, Long>> byScope = new HashMap<>();

  Variables(Changes changes) {
    super(Table.VARIABLE, changes);
  }

  public Variable get(long scopeKey, String name) {
    Map<String, Long> names = byScope.get(scopeKey);
    Long key = names == null ? null : names.get(name);
    return key == null ? null : get(key);
  }

  /** The variables local to one scope, by name. */
  public Map<String, JsonNode> local(long scopeKey) {
    Map<String, Long> names = byScope.get(scopeKey);
    Map<String, JsonNode> result = new LinkedHashMap<>();
    if (names != null) {
      names.forEach((name, key) -> result.put(name, get(key).value()));
    }
    return result;
  }

  @Override
  protected void index(Variable variable) {
    byScope
        .computeIfAbsent(variable.scopeKey(), k -> new LinkedHashMap<>())
        .put(variable.name(), variable.key());
  }

  @Override
  protected void unindex(Variable variable) {
    Map<String, Long> names = byScope.get(variable.scopeKey());
    if (names != null) {
      names.remove(variable.name());
      if (names.isEmpty()) {
        byScope.remove(variable.scopeKey());
      }
    }
  }
}
