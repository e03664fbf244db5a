package io.modelship.engine.api;

import io.camunda.client.protocol.rest.ClockPinRequest;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import io.modelship.engine.command.InvalidArgumentException;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /v2/clock} pins the engine clock at a time; {@code POST /v2/clock/reset} lets it
 * follow the system clock again. Whatever becomes due fires before the answer. Served only when
 * {@code modelship.engine.clock-control} is on (the {@code engine} profile and tests).
 */
@RestController("engineClockController")
@ConditionalOnEngine
@RequestMapping("/v2/clock")
@ConditionalOnProperty(name = "modelship.engine.clock-control", havingValue = "true")
class ClockController {

  private final Engine engine;

  ClockController(Engine engine) {
    this.engine = engine;
  }

  @PutMapping
  CompletableFuture<ResponseEntity<Void>> pin(@RequestBody ClockPinRequest request) {
    if (request.getTimestamp() == null || request.getTimestamp() < 0) {
      throw new InvalidArgumentException(
          "Expected a timestamp in epoch milliseconds, but found %s"
              .formatted(request.getTimestamp()));
    }
    long timestamp = request.getTimestamp();
    return engine
        .writer()
        .submit(
            () -> {
              engine.clock().pin(timestamp);
              return ResponseEntity.noContent().<Void>build();
            });
  }

  @PostMapping("/reset")
  CompletableFuture<ResponseEntity<Void>> reset() {
    return engine
        .writer()
        .submit(
            () -> {
              engine.clock().reset();
              return ResponseEntity.noContent().<Void>build();
            });
  }
}
