package io.modelship.api;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.response.Incident;
import org.springframework.stereotype.Component;

/**
 * Retries what an incident stopped, for the API and the web console alike: gives the failed job
 * retries again and resolves the incident, so the run continues where it stopped.
 */
@Component
public class IncidentRetries {

  public record RetryAnswer(long incidentKey, Long jobKey, int retries) {}

  private final CamundaClient camunda;

  IncidentRetries(CamundaClient camunda) {
    this.camunda = camunda;
  }

  /**
   * @throws org.springframework.web.ErrorResponseException 400 for retries outside 1..100, 404 for
   *     an unknown incident, 409 for one that is no longer active
   */
  public RetryAnswer retry(long key, int retries) {
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
