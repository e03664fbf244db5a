package io.modelship.engine.api;

import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v2/incidents/{key}/resolution}. */
@RestController("engineIncidentController")
@ConditionalOnEngine
@RequestMapping("/v2/incidents")
class IncidentController {

  private final Engine engine;

  IncidentController(Engine engine) {
    this.engine = engine;
  }

  @PostMapping("/{key}/resolution")
  CompletableFuture<ResponseEntity<Void>> resolve(@PathVariable String key) {
    long incidentKey = Keys.parse(key, "incidentKey");
    return engine
        .writer()
        .submit(
            () -> {
              engine.incidents().resolve(incidentKey);
              return ResponseEntity.noContent().<Void>build();
            });
  }
}
