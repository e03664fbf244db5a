package io.modelship.api;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Retries what an incident stopped, once an operator fixed the cause: gives the failed job retries
 * again and resolves the incident, so the run continues where it stopped.
 */
@RestController
class IncidentRetryController {

  /**
   * @param retries how many attempts the job gets again (default 3)
   */
  record RetryBody(Integer retries) {}

  private final IncidentRetries retries;

  IncidentRetryController(IncidentRetries retries) {
    this.retries = retries;
  }

  @Operation(summary = "Give the failed job retries again and resolve the incident")
  @PostMapping("/api/incidents/{key}/retry")
  @ResponseStatus(HttpStatus.ACCEPTED)
  IncidentRetries.RetryAnswer retry(
      @PathVariable long key, @RequestBody(required = false) RetryBody body) {
    return retries.retry(key, body == null || body.retries() == null ? 3 : body.retries());
  }
}
