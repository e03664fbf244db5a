package io.modelship.notify;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.modelship.pipeline.JobTypes;
import io.modelship.pipeline.StepContext;
import io.modelship.pipeline.StepRunner;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code notify}: the BPMN's send tasks. Puts the event named by the task's {@code notification}
 * input in the outbox for every channel and completes with no variables; the dispatcher delivers
 * later. The step record makes a re-delivered job answer at once, and the outbox's key (run,
 * element and app, channel) adds nothing twice. Even a notification that cannot be queued (an
 * unknown event, a database that does not answer) completes the job: a release never waits for, or
 * fails because of, telling someone.
 */
@Component
public class NotifyWorker {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyWorker.class);

  private final StepRunner steps;
  private final NotificationTexts texts;
  private final NotificationQueue queue;

  NotifyWorker(StepRunner steps, NotificationTexts texts, NotificationQueue queue) {
    this.steps = steps;
    this.texts = texts;
    this.queue = queue;
  }

  @JobWorker(type = JobTypes.NOTIFY, autoComplete = false)
  public void tell(JobClient client, ActivatedJob job) {
    steps.run(client, job, this::queue);
  }

  private Map<String, Object> queue(StepContext step) {
    try {
      Map<String, Object> variables = step.job().getVariablesAsMap();
      NotificationEvent event = NotificationEvent.of(step.optionalString("notification"));
      Notification notification = texts.of(event, step.runId(), variables);
      List<String> added = queue.add(step.runId(), step.step(), commitOf(step), notification);
      step.log()
          .append(
              added.isEmpty()
                  ? event.id() + ": no channel to tell, or every channel has it already"
                  : event.id() + " queued for " + String.join(", ", added));
    } catch (RuntimeException e) {
      step.log().append("notification not queued, the run goes on: " + e.getMessage());
      LOG.warn("Notification of {} / {} not queued: {}", step.runId(), step.step(), e.getMessage());
    }
    return Map.of();
  }

  /** The commit whose {@code .modelship.yaml} names the app's channels. */
  private static String commitOf(StepContext step) {
    Map<String, Object> candidate = step.object("candidate");
    if (candidate != null && candidate.get("gitSha") instanceof String sha) {
      return sha;
    }
    return step.optionalString("commitSha");
  }
}
