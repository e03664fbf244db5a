package io.modelship.engine.api;

import io.camunda.client.protocol.rest.FormResult;
import io.camunda.client.protocol.rest.UserTaskCompletionRequest;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import io.modelship.engine.command.NotFoundException;
import io.modelship.engine.state.DeployedForm;
import io.modelship.engine.state.UserTask;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v2/user-tasks/{key}/completion} and {@code GET /v2/user-tasks/{key}/form}. */
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

  /**
   * The linked form version the task was created with, as Camunda's {@code FormResult} (the schema
   * as a JSON string). A task without a linked form answers 204, as Camunda 8.8 does; an unknown
   * task 404.
   */
  @GetMapping("/{key}/form")
  CompletableFuture<ResponseEntity<FormResult>> form(@PathVariable String key) {
    long taskKey = Keys.parse(key, "userTaskKey");
    return engine
        .writer()
        .submit(
            () -> {
              UserTask task = engine.state().userTasks().get(taskKey);
              if (task == null) {
                throw new NotFoundException(
                    "Expected a user task with key '%d', but none was found".formatted(taskKey));
              }
              DeployedForm form =
                  task.linkedFormKey() == null
                      ? null
                      : engine.state().forms().get(task.linkedFormKey());
              if (form == null) {
                return ResponseEntity.noContent().<FormResult>build();
              }
              return ResponseEntity.ok(
                  new FormResult()
                      .formKey(Keys.text(form.key()))
                      .formId(form.formId())
                      .version((long) form.version())
                      .schema(form.schema())
                      .tenantId(ProcessInstanceController.TENANT));
            });
  }
}
