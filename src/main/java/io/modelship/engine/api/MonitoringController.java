package io.modelship.engine.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import io.modelship.engine.command.InvalidArgumentException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The monitoring endpoints of a Camunda 8 cluster that Camunda Process Test's remote runtime uses
 * (a broker's port 9600), in the shapes its management client reads:
 *
 * <ul>
 *   <li>{@code GET /actuator/clock}: {@code {"epochMilli": ..., "instant": "..."}}
 *   <li>{@code POST /actuator/clock/add} with {@code {"offsetMilli": ...}}: pins the clock that far
 *       from now on the engine clock; {@code DELETE /actuator/clock} lets it follow the system
 *       clock
 *   <li>{@code POST /actuator/cluster/purge}: wipes all state, answers {@code {"changeId": n}};
 *       {@code /v2/topology} then reports {@code lastCompletedChangeId} n, which is what the client
 *       waits for.
 * </ul>
 *
 * Served only with clock control on (the {@code engine} profile and tests), on the engine's port.
 */
@RestController("engineMonitoringController")
@ConditionalOnEngine
@ConditionalOnProperty(name = "modelship.engine.clock-control", havingValue = "true")
class MonitoringController {

  private final Engine engine;

  MonitoringController(Engine engine) {
    this.engine = engine;
  }

  @GetMapping(path = "/actuator/clock", produces = MediaType.APPLICATION_JSON_VALUE)
  CompletableFuture<String> clock() {
    return engine.writer().submit(() -> clockBody(engine.clock().millis()));
  }

  @PostMapping(path = "/actuator/clock/add", produces = MediaType.APPLICATION_JSON_VALUE)
  CompletableFuture<String> add(@RequestBody(required = false) byte[] body) {
    long offset = offset(body);
    return engine
        .writer()
        .submit(
            () -> {
              long at = engine.clock().millis() + offset;
              engine.clock().pin(at);
              return clockBody(at);
            });
  }

  @DeleteMapping(path = "/actuator/clock", produces = MediaType.APPLICATION_JSON_VALUE)
  CompletableFuture<String> reset() {
    return engine
        .writer()
        .submit(
            () -> {
              engine.clock().reset();
              return clockBody(engine.clock().millis());
            });
  }

  @PostMapping(path = "/actuator/cluster/purge", produces = MediaType.APPLICATION_JSON_VALUE)
  CompletableFuture<ResponseEntity<String>> purge() {
    return engine
        .writer()
        .submit(
            () -> {
              ObjectNode planned = JsonNodeFactory.instance.objectNode();
              planned.put("changeId", engine.purge());
              return ResponseEntity.accepted()
                  .contentType(MediaType.APPLICATION_JSON)
                  .body(planned.toString());
            });
  }

  private static String clockBody(long millis) {
    ObjectNode clock = JsonNodeFactory.instance.objectNode();
    clock.put("epochMilli", millis);
    clock.put("instant", Instant.ofEpochMilli(millis).toString());
    return clock.toString();
  }

  private static long offset(byte[] body) {
    try {
      var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
      if (tree == null || !tree.path("offsetMilli").canConvertToLong()) {
        throw new InvalidArgumentException(
            "Expected a body like {\"offsetMilli\": 60000}, but found " + tree);
      }
      return tree.get("offsetMilli").asLong();
    } catch (java.io.IOException e) {
      throw new InvalidArgumentException(
          "Expected a JSON body like {\"offsetMilli\": 60000}, but it could not be read");
    }
  }
}
