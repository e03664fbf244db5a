package io.modelship.console;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.response.Variable;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The few process variables a person looks for on a run page (what was built, from which model, how
 * the smoke tests went), from the engine's variable search. Variables hold ids, digests and short
 * summaries only; secrets are masked before they reach the engine.
 */
@Component
class KeyVariables {

  private static final Logger LOG = LoggerFactory.getLogger(KeyVariables.class);

  static final Set<String> NAMES =
      Set.of(
          "app",
          "commitSha",
          "image",
          "imageDigest",
          "modelUri",
          "modelSha256",
          "testSummary",
          "smokeSummary",
          "endpoint",
          "releaseOutcome",
          "approver",
          "approvalComment");
  private static final int MAX_VALUE = 400;

  /** One variable; {@code scope} tells apart the per-app copies inside a release. */
  record KeyVariable(String name, String value, long scope) {}

  private final CamundaClient camunda;

  KeyVariables(CamundaClient camunda) {
    this.camunda = camunda;
  }

  List<KeyVariable> of(Long processInstanceKey) {
    if (processInstanceKey == null) {
      return List.of();
    }
    try {
      return camunda
          .newVariableSearchRequest()
          .filter(f -> f.processInstanceKey(processInstanceKey))
          .page(p -> p.limit(1000))
          .send()
          .join()
          .items()
          .stream()
          .filter(v -> NAMES.contains(v.getName()) && !"null".equals(v.getValue()))
          .map(KeyVariables::shown)
          .toList();
    } catch (RuntimeException e) {
      LOG.warn(
          "The engine did not list the variables of {}: {}", processInstanceKey, e.getMessage());
      return List.of();
    }
  }

  private static KeyVariable shown(Variable v) {
    String value = v.getValue();
    if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    if (value.length() > MAX_VALUE) {
      value = value.substring(0, MAX_VALUE) + "…";
    }
    return new KeyVariable(v.getName(), value, v.getScopeKey() == null ? 0 : v.getScopeKey());
  }
}
