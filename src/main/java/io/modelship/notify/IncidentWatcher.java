package io.modelship.notify;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.response.Incident;
import io.modelship.release.Run;
import io.modelship.release.Runs;
import io.modelship.steplog.SecretMasker;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells of incidents, which are no BPMN event: every {@code incident-poll-interval} it searches the
 * engine's open incidents through the Camunda client (the same public API on the embedded engine
 * and on a Camunda 8 cluster) and queues each one it has not queued before. The outbox's key
 * ({@code incident:<key>} per run and channel) makes that once per incident, across polls and
 * restarts. An incident opened and resolved between two polls goes untold.
 */
@Component
class IncidentWatcher implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentWatcher.class);

  /** Open incidents looked at per poll; more at once means something bigger than one step. */
  static final int PAGE = 100;

  private final CamundaClient camunda;
  private final Runs runs;
  private final NotificationTexts texts;
  private final NotificationQueue queue;
  private final NotificationProperties properties;
  private final SecretMasker masker;
  private ScheduledExecutorService scheduler;

  IncidentWatcher(
      CamundaClient camunda,
      Runs runs,
      NotificationTexts texts,
      NotificationQueue queue,
      NotificationProperties properties,
      SecretMasker masker) {
    this.camunda = camunda;
    this.runs = runs;
    this.texts = texts;
    this.queue = queue;
    this.properties = properties;
    this.masker = masker;
  }

  /** Queues the open incidents not queued before; returns how many were new. */
  int watchOnce() {
    List<Incident> open =
        camunda
            .newIncidentSearchRequest()
            .filter(f -> f.state(IncidentState.ACTIVE))
            .page(p -> p.limit(PAGE))
            .send()
            .join()
            .items();
    int added = 0;
    for (Incident incident : open) {
      Optional<Run> run =
          incident.getProcessInstanceKey() == null
              ? Optional.empty()
              : runs.findByProcessInstance(incident.getProcessInstanceKey());
      // An instance Modelship did not start (or a called build) still has an outbox key.
      String runId = run.map(Run::runId).orElse("instance-" + incident.getProcessInstanceKey());
      Notification notification =
          texts.incident(
              run.map(Run::runId).orElse(null),
              run.map(Run::app).orElse(null),
              incident.getProcessDefinitionId(),
              incident.getElementId(),
              String.valueOf(incident.getErrorType()),
              incident.getErrorMessage());
      if (!queue
          .add(runId, "incident:" + incident.getIncidentKey(), null, notification)
          .isEmpty()) {
        added++;
        LOG.info(
            "Incident {} of run {} at {} queued",
            incident.getIncidentKey(),
            runId,
            incident.getElementId());
      }
    }
    return added;
  }

  private void poll() {
    try {
      watchOnce();
    } catch (RuntimeException e) {
      LOG.debug(
          "Could not search the open incidents: {}", masker.mask(String.valueOf(e.getMessage())));
    }
  }

  @Override
  public synchronized void start() {
    if (!properties.watchIncidents()) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "incident-watcher");
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.max(100, properties.incidentPollInterval().toMillis());
    scheduler.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}
