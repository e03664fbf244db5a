package io.modelship.api;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.response.Incident;
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

  record RetryAnswer(long incidentKey, Long jobKey, int retries) {}

  private final CamundaClient camunda;

  IncidentRetryController(CamundaClient camunda) {
    this.camunda = camunda;
  }

  @Operation(summary = "Give the failed job retries again and resolve the incident")
  @PostMapping("/api/incidents/{key}/retry")
  @ResponseStatus(HttpStatus.ACCEPTED)
  RetryAnswer retry(@PathVariable long key, @RequestBody(required = false) RetryBody body) {
    int retries = body == null || body.retries() == null ? 3 : body.retries();
    if (retries < 1 || retries > 100) {
      throw ApiProblem.badRequest("Expected retries between 1 and 100, but it was " + retries);
    }
    Incident incident;
    try {
      incident = camunda.newIncidentGetRequest(key).send().join();
    } catch (ProblemException e) {
      if (e.code() == 404) {
        throw ApiProblem.notFound("Expected an incident " + key + ", but there is none");
      }
      throw e;
    }
    if (incident.getState() != IncidentState.ACTIVE) {
      throw ApiProblem.conflict(
          "Expected incident " + key + " to be active, but it is " + incident.getState());
    }
    if (incident.getJobKey() != null) {
      camunda.newUpdateRetriesCommand(incident.getJobKey()).retries(retries).send().join();
    }
    camunda.newResolveIncidentCommand(key).send().join();
    return new RetryAnswer(key, incident.getJobKey(), retries);
  }
}
