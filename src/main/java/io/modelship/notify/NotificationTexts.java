package io.modelship.notify;

import io.modelship.steplog.SecretMasker;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What each event says, from the variables the run has at that point (the app, the candidate, the
 * failure): small facts and links to the console. Every text is masked, as a failure reason may
 * carry what a step saw.
 */
@Component
class NotificationTexts {

  private final NotificationProperties properties;
  private final SecretMasker masker;
  private final Clock clock;

  NotificationTexts(NotificationProperties properties, SecretMasker masker, Clock clock) {
    this.properties = properties;
    this.masker = masker;
    this.clock = clock;
  }

  /** The notification of a BPMN notify task, from the job's variables. */
  Notification of(NotificationEvent event, String runId, Map<String, Object> variables) {
    String app = text(variables.get("app"));
    String who = app == null ? "A release" : app;
    Map<String, String> facts = new LinkedHashMap<>();
    Map<String, String> links = new LinkedHashMap<>();
    String title;
    String text;
    switch (event) {
      case APPROVAL_PENDING -> {
        title = who + " waits for approval to go to production";
        text = "Staging passed. A release manager approves or rejects the release.";
        put(facts, "Image", field(variables, "candidate", "image"));
        put(facts, "Changes", field(variables, "changes", "summary"));
        put(facts, "Commits", field(variables, "changes", "commitRange"));
        put(facts, "Model SHA-256", field(variables, "changes", "modelAfter"));
        links.put("approval", properties.approvalsLink());
      }
      case BUILD_FAILED -> {
        title = "Build of " + who + " failed";
        String code = text(variables.get("failureCode"));
        text =
            (code == null ? "The build failed" : code)
                + ": "
                + orNone(text(variables.get("failureReason")));
        put(facts, "Commit", text(variables.get("commitSha")));
        put(facts, "Branch", text(variables.get("branch")));
      }
      case RELEASED -> {
        title = who + " released to production";
        text = "Production's smoke tests passed.";
        put(facts, "Image", field(variables, "candidate", "image"));
        put(facts, "Commit", field(variables, "candidate", "gitSha"));
        put(facts, "Model SHA-256", field(variables, "candidate", "modelSha256"));
        put(facts, "Approved by", text(variables.get("approver")));
      }
      case ROLLED_BACK -> {
        title = who + " rolled back in production";
        text = "Production failed: " + orNone(text(variables.get("failureReason")));
        put(facts, "Failed image", field(variables, "candidate", "image"));
        put(facts, "Restored image", field(variables, "previous", "image"));
      }
      default ->
          throw new IllegalArgumentException(
              "Expected an event a BPMN task tells, but "
                  + event.id()
                  + " comes from the incident watch");
    }
    links.put("run", properties.runLink(runId));
    return masked(
        new Notification(
            event.id(), app, runId, title, text, facts, links, clock.instant().toString()));
  }

  /** The notification of an incident the engine opened. */
  Notification incident(
      String runId,
      String app,
      String processId,
      String elementId,
      String errorType,
      String message) {
    Map<String, String> facts = new LinkedHashMap<>();
    put(facts, "Process", processId);
    put(facts, "Step", elementId);
    put(facts, "Error", errorType);
    Map<String, String> links = new LinkedHashMap<>();
    if (runId != null) {
      links.put("run", properties.runLink(runId));
    }
    return masked(
        new Notification(
            NotificationEvent.INCIDENT_OPENED.id(),
            app,
            runId,
            "Incident in " + (app == null ? processId : app) + " at " + elementId,
            orNone(message) + " The run waits until someone retries or resolves it.",
            facts,
            links,
            clock.instant().toString()));
  }

  private Notification masked(Notification n) {
    Map<String, String> facts = new LinkedHashMap<>();
    n.facts().forEach((k, v) -> facts.put(k, masker.mask(v)));
    return new Notification(
        n.event(),
        n.app(),
        n.runId(),
        masker.mask(n.title()),
        masker.mask(n.text()),
        facts,
        n.links(),
        n.occurredAt());
  }

  private static void put(Map<String, String> facts, String name, String value) {
    if (value != null && !value.isBlank()) {
      facts.put(name, value);
    }
  }

  private static String field(Map<String, Object> variables, String object, String field) {
    return variables.get(object) instanceof Map<?, ?> map ? text(map.get(field)) : null;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static String orNone(String text) {
    return text == null || text.isBlank() ? "no reason given." : text;
  }
}
