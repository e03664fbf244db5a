package io.modelship.engine.api;

import io.camunda.client.protocol.rest.UserTaskCompletionRequest;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v2/user-tasks/{key}/completion}. */
@RestController("engineUserTaskController")
@ConditionalOnEngine
@RequestMapping("/v2/user-tasks")
class UserTaskController {

  private final Engine engine;

  UserTaskController(Engine engine) {
    this.engine = engine;
  }

  @PostMapping("/{key}/completion")
  CompletableFuture<ResponseEntity<Void>> complete(
      @PathVariable String key, @RequestBody(required = false) UserTaskCompletionRequest request) {
    long taskKey = Keys.parse(key, "userTaskKey");
    var variables = Keys.variables(request == null ? null : request.getVariables());
    return engine
        .writer()
        .submit(
            () -> {
              engine.userTasks().complete(taskKey, variables);
              return ResponseEntity.noContent().<Void>build();
            });
  }
}
