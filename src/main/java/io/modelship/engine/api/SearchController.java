package io.modelship.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.protocol.rest.ElementInstanceSearchQuery;
import io.camunda.client.protocol.rest.IncidentSearchQuery;
import io.camunda.client.protocol.rest.JobSearchQuery;
import io.camunda.client.protocol.rest.MessageSubscriptionSearchQuery;
import io.camunda.client.protocol.rest.ProcessDefinitionSearchQuery;
import io.camunda.client.protocol.rest.ProcessInstanceSearchQuery;
import io.camunda.client.protocol.rest.UserTaskSearchQuery;
import io.camunda.client.protocol.rest.VariableSearchQuery;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.state.DeployedProcess;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The search endpoints the client uses, with filter, sort and page as it builds them, and the gets
 * by key ({@code GET /v2/process-instances/{key}}, {@code GET /v2/incidents/{key}}), which answer
 * one item of the same shape or 404. Reads run on the writer thread, so they see every change
 * acknowledged before them.
 */
@RestController("engineSearchController")
@ConditionalOnEngine
@RequestMapping("/v2")
class SearchController {

  private final Engine engine;
  private final SearchViews views;

  SearchController(Engine engine) {
    this.engine = engine;
    this.views = new SearchViews(engine.state());
  }

  @PostMapping("/process-instances/search")
  CompletableFuture<ResponseEntity<String>> processInstances(
      @RequestBody(required = false) byte[] body) {
    // Only the instances a key filter admits are built, and their variables only for a filter on
    // them: building every instance with its variables made each search cost O(all instances).
    SearchQuery query = SearchQuery.parse(body, ProcessInstanceSearchQuery.class);
    var keys = query.keysOf("processInstanceKey");
    boolean variables = query.filtersOn("variables");
    return search(query, v -> v.processInstances(keys, variables), "processInstanceKey");
  }

  @PostMapping("/element-instances/search")
  CompletableFuture<ResponseEntity<String>> elementInstances(
      @RequestBody(required = false) byte[] body) {
    return search(
        body,
        ElementInstanceSearchQuery.class,
        SearchViews::elementInstances,
        "elementInstanceKey");
  }

  @PostMapping("/variables/search")
  CompletableFuture<ResponseEntity<String>> variables(@RequestBody(required = false) byte[] body) {
    return search(body, VariableSearchQuery.class, SearchViews::variables, "variableKey");
  }

  @PostMapping("/process-definitions/search")
  CompletableFuture<ResponseEntity<String>> processDefinitions(
      @RequestBody(required = false) byte[] body) {
    return search(
        body,
        ProcessDefinitionSearchQuery.class,
        SearchViews::processDefinitions,
        "processDefinitionKey");
  }

  @PostMapping("/incidents/search")
  CompletableFuture<ResponseEntity<String>> incidents(@RequestBody(required = false) byte[] body) {
    return search(body, IncidentSearchQuery.class, SearchViews::incidents, "incidentKey");
  }

  @PostMapping("/user-tasks/search")
  CompletableFuture<ResponseEntity<String>> userTasks(@RequestBody(required = false) byte[] body) {
    return search(body, UserTaskSearchQuery.class, SearchViews::userTasks, "userTaskKey");
  }

  @GetMapping("/process-instances/{key}")
  CompletableFuture<ResponseEntity<String>> processInstance(@PathVariable String key) {
    long instanceKey = Keys.parse(key, "processInstanceKey");
    return one(
        v -> v.processInstances(java.util.Set.of(instanceKey), false),
        "processInstanceKey",
        instanceKey,
        "a process instance");
  }

  @GetMapping("/user-tasks/{key}")
  CompletableFuture<ResponseEntity<String>> userTask(@PathVariable String key) {
    long taskKey = Keys.parse(key, "userTaskKey");
    return one(SearchViews::userTasks, "userTaskKey", taskKey, "a user task");
  }

  @GetMapping("/incidents/{key}")
  CompletableFuture<ResponseEntity<String>> incident(@PathVariable String key) {
    long incidentKey = Keys.parse(key, "incidentKey");
    return one(SearchViews::incidents, "incidentKey", incidentKey, "an incident");
  }

  @PostMapping("/jobs/search")
  CompletableFuture<ResponseEntity<String>> jobs(@RequestBody(required = false) byte[] body) {
    return search(body, JobSearchQuery.class, SearchViews::jobs, "jobKey");
  }

  @PostMapping("/message-subscriptions/search")
  CompletableFuture<ResponseEntity<String>> messageSubscriptions(
      @RequestBody(required = false) byte[] body) {
    return search(
        body,
        MessageSubscriptionSearchQuery.class,
        SearchViews::messageSubscriptions,
        "messageSubscriptionKey");
  }

  @GetMapping("/process-definitions/{key}/xml")
  CompletableFuture<ResponseEntity<String>> xml(@PathVariable String key) {
    long definitionKey = Keys.parse(key, "processDefinitionKey");
    return engine
        .writer()
        .submit(
            () -> {
              DeployedProcess definition = engine.state().definitions().get(definitionKey);
              if (definition == null) {
                throw new NotFoundException(
                    "Expected a process definition with key '%d', but none was found"
                        .formatted(definitionKey));
              }
              return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(definition.xml());
            });
  }

  private CompletableFuture<ResponseEntity<String>> one(
      Function<SearchViews, List<ObjectNode>> view, String keyField, long key, String what) {
    String wanted = Keys.text(key);
    return engine
        .writer()
        .submit(
            () -> {
              ObjectNode item =
                  view.apply(views).stream()
                      .filter(node -> wanted.equals(node.path(keyField).asText()))
                      .findFirst()
                      .orElseThrow(
                          () ->
                              new NotFoundException(
                                  "Expected %s with key '%d', but none was found"
                                      .formatted(what, key)));
              return ResponseEntity.ok()
                  .contentType(MediaType.APPLICATION_JSON)
                  .body(item.toString());
            });
  }

  /**
   * Answers a search. Items are in key order, as Camunda 8's searches return them, before any sort
   * the query asks for, so items that sort alike stay in key order (creation order).
   */
  private CompletableFuture<ResponseEntity<String>> search(
      byte[] body,
      Class<?> modelType,
      Function<SearchViews, List<ObjectNode>> view,
      String keyField) {
    return search(SearchQuery.parse(body, modelType), view, keyField);
  }

  private CompletableFuture<ResponseEntity<String>> search(
      SearchQuery query, Function<SearchViews, List<ObjectNode>> view, String keyField) {
    return engine
        .writer()
        .submit(
            () -> {
              List<ObjectNode> items = new ArrayList<>(view.apply(views));
              items.sort(Comparator.comparingLong(item -> item.path(keyField).asLong()));
              var fields = new java.util.HashSet<String>();
              if (!items.isEmpty()) {
                items.get(0).fieldNames().forEachRemaining(fields::add);
              }
              ObjectNode result = query.apply(items, items.isEmpty() ? null : fields);
              return ResponseEntity.ok()
                  .contentType(MediaType.APPLICATION_JSON)
                  .body(result.toString());
            });
  }
}
