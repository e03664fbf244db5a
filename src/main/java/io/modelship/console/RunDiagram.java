package io.modelship.console;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.ProcessInstanceSequenceFlow;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A run's process as the engine has it, through the public {@code /v2} API only (so a Camunda 8
 * cluster answers the same): the definition's XML, each element's state from the element-instance
 * search, and the sequence flows the instance took.
 */
@Component
class RunDiagram {

  private static final Logger LOG = LoggerFactory.getLogger(RunDiagram.class);

  /** Stronger states win when an element ran more than once (multi-instance, loops, retries). */
  private static final List<String> STRENGTH = List.of("done", "active", "incident");

  /**
   * @param xml the BPMN; null for the marks alone, or when the engine cannot show it ({@code
   *     reason} says why)
   * @param elements element id to {@code done}, {@code active} or {@code incident}; elements not
   *     named were not reached
   * @param running whether the instance still runs (the page keeps polling while it does)
   */
  record View(
      String xml,
      Map<String, String> elements,
      Set<String> takenFlows,
      boolean running,
      String reason) {

    static View unavailable(String reason) {
      return new View(null, Map.of(), Set.of(), false, reason);
    }
  }

  private final CamundaClient camunda;

  RunDiagram(CamundaClient camunda) {
    this.camunda = camunda;
  }

  /** The diagram with its marks: what the run page draws when it opens. */
  View of(Long processInstanceKey) {
    return view(processInstanceKey, true);
  }

  /**
   * The marks alone, without the XML (one engine request fewer, and no diagram on the wire): what
   * the run page polls while the run is active.
   */
  View marks(Long processInstanceKey) {
    return view(processInstanceKey, false);
  }

  private View view(Long processInstanceKey, boolean withXml) {
    if (processInstanceKey == null) {
      return View.unavailable("The run has no process instance (yet).");
    }
    try {
      ProcessInstance instance =
          camunda.newProcessInstanceGetRequest(processInstanceKey).send().join();
      String xml =
          withXml
              ? camunda
                  .newProcessDefinitionGetXmlRequest(instance.getProcessDefinitionKey())
                  .send()
                  .join()
              : null;
      return new View(
          xml,
          elements(processInstanceKey),
          takenFlows(processInstanceKey),
          instance.getState() == ProcessInstanceState.ACTIVE,
          null);
    } catch (ProblemException e) {
      if (e.code() == 404) {
        return View.unavailable("The engine does not know this run's process instance.");
      }
      LOG.warn("The engine did not show instance {}: {}", processInstanceKey, e.getMessage());
      return View.unavailable("The engine did not answer; try again.");
    } catch (RuntimeException e) {
      LOG.warn("The engine did not show instance {}: {}", processInstanceKey, e.getMessage());
      return View.unavailable("The engine did not answer; try again.");
    }
  }

  private Map<String, String> elements(long processInstanceKey) {
    List<ElementInstance> found =
        camunda
            .newElementInstanceSearchRequest()
            .filter(f -> f.processInstanceKey(processInstanceKey))
            .page(p -> p.limit(1000))
            .send()
            .join()
            .items();
    Map<String, String> states = new TreeMap<>();
    for (ElementInstance element : found) {
      String state = state(element);
      states.merge(
          element.getElementId(),
          state,
          (a, b) -> STRENGTH.indexOf(a) >= STRENGTH.indexOf(b) ? a : b);
    }
    return states;
  }

  private static String state(ElementInstance element) {
    if (Boolean.TRUE.equals(element.getIncident())) {
      return "incident";
    }
    return element.getState() == ElementInstanceState.ACTIVE ? "active" : "done";
  }

  private Set<String> takenFlows(long processInstanceKey) {
    Set<String> flows = new LinkedHashSet<>();
    for (ProcessInstanceSequenceFlow flow :
        camunda.newProcessInstanceSequenceFlowsRequest(processInstanceKey).send().join()) {
      flows.add(flow.getElementId() != null ? flow.getElementId() : flow.getSequenceFlowId());
    }
    return flows;
  }
}
