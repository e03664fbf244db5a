package io.modelship.engine.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelship.engine.model.ElementKind;
import io.modelship.engine.state.DeployedProcess;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.Incident;
import io.modelship.engine.state.Job;
import io.modelship.engine.state.JobState;
import io.modelship.engine.state.MessageSubscription;
import io.modelship.engine.state.UserTask;
import io.modelship.engine.state.Variable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's records in the wire shape of Camunda's search results (field names as in {@code
 * ProcessInstanceResult}, {@code ElementInstanceResult}, and so on). Writer thread only.
 */
final class SearchViews {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String TENANT = ProcessInstanceController.TENANT;

  private final EngineState state;

  SearchViews(EngineState state) {
    this.state = state;
  }

  List<ObjectNode> processInstances() {
    return processInstances(null, true);
  }

  /**
   * The process instances among {@code keys} (null: all), with their variables (which only a filter
   * reads) when asked; a key that is no process instance is left out.
   */
  List<ObjectNode> processInstances(Collection<Long> keys, boolean withVariables) {
    Set<Long> withIncident = openIncidentInstances();
    List<ObjectNode> result = new ArrayList<>();
    Collection<ElementInstance> candidates = state.elementInstances().all();
    if (keys != null) {
      candidates = new ArrayList<>();
      for (long key : new TreeSet<>(keys)) {
        ElementInstance instance = state.elementInstances().get(key);
        if (instance != null) {
          candidates.add(instance);
        }
      }
    }
    for (ElementInstance i : candidates) {
      if (!i.isProcess()) {
        continue;
      }
      DeployedProcess definition = state.definitions().get(i.processDefinitionKey());
      ObjectNode node = NODES.objectNode();
      node.put("processInstanceKey", Keys.text(i.key()));
      node.put("processDefinitionId", i.bpmnProcessId());
      node.put("processDefinitionName", definition == null ? null : definition.name());
      node.put("processDefinitionVersion", i.version());
      node.put("processDefinitionKey", Keys.text(i.processDefinitionKey()));
      node.put("startDate", Keys.date(i.startMillis()));
      node.put("endDate", Keys.date(i.endMillis()));
      node.put("state", instanceState(i));
      node.put("hasIncident", withIncident.contains(i.key()));
      node.put("tenantId", TENANT);
      node.put("parentProcessInstanceKey", key(i.parentProcessInstanceKey()));
      node.put("parentElementInstanceKey", key(i.parentElementInstanceKey()));
      if (withVariables) {
        var vars = node.putArray("variables");
        state
            .variables()
            .local(i.key())
            .forEach(
                (name, value) -> vars.addObject().put("name", name).put("value", value.toString()));
      }
      result.add(node);
    }
    return result;
  }

  List<ObjectNode> elementInstances() {
    List<ObjectNode> result = new ArrayList<>();
    for (ElementInstance i : state.elementInstances().all()) {
      if (i.isProcess()) {
        continue;
      }
      Incident incident = state.incidents().openOf(i.key());
      ObjectNode node = NODES.objectNode();
      node.put("elementInstanceKey", Keys.text(i.key()));
      node.put("processInstanceKey", Keys.text(i.processInstanceKey()));
      node.put("processDefinitionKey", Keys.text(i.processDefinitionKey()));
      node.put("processDefinitionId", i.bpmnProcessId());
      node.put("elementId", i.elementId());
      node.put("elementName", (String) null);
      node.put("type", i.kind() == ElementKind.TASK ? "TASK" : i.kind().name());
      node.put("state", instanceState(i));
      node.put("hasIncident", incident != null);
      node.put("incidentKey", incident == null ? null : Keys.text(incident.key()));
      node.put("startDate", Keys.date(i.startMillis()));
      node.put("endDate", Keys.date(i.endMillis()));
      node.put("tenantId", TENANT);
      result.add(node);
    }
    return result;
  }

  List<ObjectNode> variables() {
    List<ObjectNode> result = new ArrayList<>();
    for (Variable v : state.variables().all()) {
      ObjectNode node = NODES.objectNode();
      node.put("variableKey", Keys.text(v.key()));
      node.put("name", v.name());
      node.put("value", v.value().toString());
      node.put("isTruncated", false);
      node.put("scopeKey", Keys.text(v.scopeKey()));
      node.put("processInstanceKey", Keys.text(v.processInstanceKey()));
      node.put("tenantId", TENANT);
      result.add(node);
    }
    return result;
  }

  List<ObjectNode> processDefinitions() {
    List<ObjectNode> result = new ArrayList<>();
    for (DeployedProcess d : state.definitions().all()) {
      ObjectNode node = NODES.objectNode();
      node.put("processDefinitionKey", Keys.text(d.key()));
      node.put("processDefinitionId", d.bpmnProcessId());
      node.put("name", d.name());
      node.put("version", d.version());
      node.put("resourceName", d.resourceName());
      node.put("tenantId", TENANT);
      node.put("hasStartForm", false);
      result.add(node);
    }
    return result;
  }

  List<ObjectNode> incidents() {
    List<ObjectNode> result = new ArrayList<>();
    for (Incident i : state.incidents().all()) {
      ObjectNode node = NODES.objectNode();
      node.put("incidentKey", Keys.text(i.key()));
      node.put("errorType", i.type().name());
      node.put("errorMessage", i.message());
      node.put("state", i.resolved() ? "RESOLVED" : "ACTIVE");
      node.put("processDefinitionId", i.bpmnProcessId());
      node.put("processDefinitionKey", Keys.text(i.processDefinitionKey()));
      node.put("processInstanceKey", Keys.text(i.processInstanceKey()));
      node.put("elementId", i.elementId());
      node.put("elementInstanceKey", Keys.text(i.elementInstanceKey()));
      node.put("jobKey", key(i.jobKey()));
      node.put("creationTime", Keys.date(i.createdMillis()));
      node.put("tenantId", TENANT);
      result.add(node);
    }
    return result;
  }

  List<ObjectNode> userTasks() {
    List<ObjectNode> result = new ArrayList<>();
    for (UserTask t : state.userTasks().all()) {
      ObjectNode node = NODES.objectNode();
      node.put("userTaskKey", Keys.text(t.key()));
      node.put("name", t.name());
      node.put("state", t.state().name());
      node.put("assignee", t.assignee());
      node.put("elementId", t.elementId());
      node.set("candidateGroups", strings(t.candidateGroups()));
      node.set("candidateUsers", strings(t.candidateUsers()));
      node.put("processDefinitionId", t.bpmnProcessId());
      node.put("processDefinitionVersion", t.version());
      node.put("processDefinitionKey", Keys.text(t.processDefinitionKey()));
      node.put("processInstanceKey", Keys.text(t.processInstanceKey()));
      node.put("elementInstanceKey", Keys.text(t.elementInstanceKey()));
      node.put("creationDate", Keys.date(t.createdMillis()));
      node.put("completionDate", Keys.date(t.completedMillis()));
      node.put("dueDate", t.dueDate());
      node.put("followUpDate", t.followUpDate());
      node.put("formKey", t.linkedFormKey() == null ? null : Keys.text(t.linkedFormKey()));
      node.put("externalFormReference", t.externalFormReference());
      ObjectNode headers = node.putObject("customHeaders");
      t.headers().forEach(headers::put);
      node.put("priority", 50);
      node.put("tenantId", TENANT);
      result.add(node);
    }
    return result;
  }

  /** Live jobs (a completed or cancelled job is gone from the engine's state). */
  List<ObjectNode> jobs() {
    List<ObjectNode> result = new ArrayList<>();
    for (Job j : state.jobs().all()) {
      ObjectNode node = NODES.objectNode();
      node.put("jobKey", Keys.text(j.key()));
      node.put("type", j.type());
      node.put("worker", j.worker());
      node.put("state", j.state() == JobState.FAILED ? "FAILED" : "CREATED");
      node.put("kind", j.isListener() ? "EXECUTION_LISTENER" : "BPMN_ELEMENT");
      node.put("listenerEventType", j.isListener() ? j.listenerEventType().name() : "UNSPECIFIED");
      node.put("retries", j.retries());
      node.put("errorMessage", j.errorMessage());
      node.put("hasFailedWithRetriesLeft", j.state() == JobState.FAILED && j.retries() > 0);
      node.put("deadline", Keys.date(j.deadline()));
      ObjectNode headers = node.putObject("customHeaders");
      j.headers().forEach(headers::put);
      node.put("elementId", j.elementId());
      node.put("elementInstanceKey", Keys.text(j.elementInstanceKey()));
      node.put("processDefinitionId", j.bpmnProcessId());
      node.put("processDefinitionKey", Keys.text(j.processDefinitionKey()));
      node.put("processInstanceKey", Keys.text(j.processInstanceKey()));
      node.put("tenantId", TENANT);
      result.add(node);
    }
    return result;
  }

  /** Open message subscriptions of catch events (a correlated one is gone). */
  List<ObjectNode> messageSubscriptions() {
    List<ObjectNode> result = new ArrayList<>();
    for (MessageSubscription m : state.subscriptions().all()) {
      if (m.signal()) {
        continue;
      }
      ElementInstance instance = state.elementInstances().get(m.elementInstanceKey());
      ObjectNode node = NODES.objectNode();
      node.put("messageSubscriptionKey", Keys.text(m.key()));
      node.put("processDefinitionId", m.bpmnProcessId());
      node.put(
          "processDefinitionKey",
          instance == null ? null : Keys.text(instance.processDefinitionKey()));
      node.put("processInstanceKey", Keys.text(m.processInstanceKey()));
      node.put("elementId", m.elementId());
      node.put("elementInstanceKey", Keys.text(m.elementInstanceKey()));
      node.put("messageSubscriptionState", "CREATED");
      node.put("messageName", m.messageName());
      node.put("correlationKey", m.correlationKey());
      node.put("tenantId", TENANT);
      result.add(node);
    }
    return result;
  }

  private Set<Long> openIncidentInstances() {
    Set<Long> keys = new HashSet<>();
    for (Incident incident : state.incidents().all()) {
      if (!incident.resolved()) {
        keys.add(incident.processInstanceKey());
      }
    }
    return keys;
  }

  private static String instanceState(ElementInstance instance) {
    return switch (instance.state()) {
      case COMPLETED -> "COMPLETED";
      case TERMINATED -> "TERMINATED";
      default -> "ACTIVE";
    };
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode strings(List<String> values) {
    var array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static String key(long key) {
    return key < 0 ? null : Keys.text(key);
  }
}
