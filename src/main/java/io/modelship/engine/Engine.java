package io.modelship.engine;

import io.modelship.engine.deployment.Deployments;
import io.modelship.engine.deployment.ProcessCache;
import io.modelship.engine.feel.FeelExpressions;
import io.modelship.engine.incident.IncidentResolution;
import io.modelship.engine.incident.OpenIncidents;
import io.modelship.engine.instance.History;
import io.modelship.engine.instance.ProcessInstances;
import io.modelship.engine.job.JobActivation;
import io.modelship.engine.job.JobLifecycle;
import io.modelship.engine.job.JobPolls;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.lifecycle.EngineWriter;
import io.modelship.engine.lifecycle.ErrorEvents;
import io.modelship.engine.lifecycle.VariableScopes;
import io.modelship.engine.message.MessageCorrelation;
import io.modelship.engine.model.ElementKind;
import io.modelship.engine.parse.BpmnTransformer;
import io.modelship.engine.parse.FormTransformer;
import io.modelship.engine.processor.ElementProcessors;
import io.modelship.engine.processor.container.CallActivityProcessor;
import io.modelship.engine.processor.container.MultiInstanceBodyProcessor;
import io.modelship.engine.processor.container.ProcessProcessor;
import io.modelship.engine.processor.container.SubProcessProcessor;
import io.modelship.engine.processor.event.BoundaryEventProcessor;
import io.modelship.engine.processor.event.EndEventProcessor;
import io.modelship.engine.processor.event.EventSubscriptions;
import io.modelship.engine.processor.event.IntermediateCatchEventProcessor;
import io.modelship.engine.processor.event.StartEventProcessor;
import io.modelship.engine.processor.event.ThrowEventProcessor;
import io.modelship.engine.processor.gateway.EventBasedGatewayProcessor;
import io.modelship.engine.processor.gateway.ExclusiveGatewayProcessor;
import io.modelship.engine.processor.gateway.ParallelGatewayProcessor;
import io.modelship.engine.processor.task.ScriptTaskProcessor;
import io.modelship.engine.processor.task.ServiceTaskProcessor;
import io.modelship.engine.processor.task.TaskProcessor;
import io.modelship.engine.processor.task.UserTaskProcessor;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.JournalStateStore;
import io.modelship.engine.state.StateStore;
import io.modelship.engine.timer.DueTimers;
import io.modelship.engine.timer.EngineClock;
import io.modelship.engine.timer.TimerScheduler;
import io.modelship.engine.usertask.LinkedForms;
import io.modelship.engine.usertask.UserTaskLifecycle;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded engine, assembled: the one place that wires its parts together. It loads its state
 * from the data folder, then runs the writer. Everything that changes state is submitted to {@link
 * #writer()} and runs on its thread; the parts below are to be called only from there.
 */
public final class Engine implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Engine.class);

  private final EngineClock clock = new EngineClock();
  private final StateStore store;
  private final EngineState state;
  private final EngineWriter writer;
  private final FeelExpressions feel;
  private final Deployments deployments;
  private final ProcessInstances processInstances;
  private final JobActivation jobActivation;
  private final JobPolls jobPolls;
  private final JobLifecycle jobs;
  private final MessageCorrelation messages;
  private final UserTaskLifecycle userTasks;
  private final IncidentResolution incidentResolution;
  private final ScheduledExecutorService pollExpiry =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "engine-poll-expiry"));

  private final ProcessCache processes;
  private final java.util.concurrent.atomic.AtomicLong purges =
      new java.util.concurrent.atomic.AtomicLong();

  private Engine(Path dataDirectory, History.Limits historyLimits) {
    long opening = System.nanoTime();
    store = JournalStateStore.open(dataDirectory);
    long decoding = System.nanoTime();
    state = EngineState.loadFrom(store);
    long loaded = System.nanoTime();
    LOG.info(
        "Loaded the engine's state from '{}' in {} ms: files read in {} ms, records decoded in {}"
            + " ms",
        dataDirectory,
        (loaded - opening) / 1_000_000,
        (decoding - opening) / 1_000_000,
        (loaded - decoding) / 1_000_000);
    writer = new EngineWriter(state, store);
    feel = new FeelExpressions(clock::now);
    BpmnTransformer transformer = new BpmnTransformer(feel);
    processes = new ProcessCache(transformer);
    VariableScopes variables = new VariableScopes(state, feel);
    OpenIncidents incidents = new OpenIncidents(state, clock);
    TimerScheduler timers = new TimerScheduler(state, clock, feel);
    ElementLifecycle lifecycle =
        new ElementLifecycle(state, clock, processes, variables, incidents);
    ErrorEvents errors = new ErrorEvents(state, lifecycle, variables);
    jobPolls = new JobPolls(writer);
    jobActivation = new JobActivation(state, clock, variables, jobPolls);
    jobs = new JobLifecycle(state, clock, lifecycle, errors, variables, incidents, jobPolls, feel);
    messages = new MessageCorrelation(state, clock, lifecycle);
    userTasks = new UserTaskLifecycle(state, clock, lifecycle);
    processInstances = new ProcessInstances(state, lifecycle, variables);
    deployments =
        new Deployments(state, clock, transformer, new FormTransformer(), processes, timers);
    incidentResolution = new IncidentResolution(state, lifecycle, jobs, incidents);
    CallActivityProcessor callActivities =
        new CallActivityProcessor(state, lifecycle, variables, feel, incidents);
    EventSubscriptions events = new EventSubscriptions(timers, messages, feel);
    ThrowEventProcessor throwEvents =
        new ThrowEventProcessor(lifecycle, messages, variables, feel, incidents);
    IntermediateCatchEventProcessor catchEvents =
        new IntermediateCatchEventProcessor(lifecycle, events, variables, incidents);
    SubProcessProcessor subProcesses = new SubProcessProcessor(lifecycle);
    ElementProcessors processors =
        new ElementProcessors()
            .register(ElementKind.PROCESS, new ProcessProcessor(lifecycle, callActivities))
            .register(ElementKind.SUB_PROCESS, subProcesses)
            .register(ElementKind.EVENT_SUB_PROCESS, subProcesses)
            .register(ElementKind.CALL_ACTIVITY, callActivities)
            .register(
                ElementKind.MULTI_INSTANCE_BODY,
                new MultiInstanceBodyProcessor(lifecycle, variables, feel, incidents))
            .register(ElementKind.START_EVENT, new StartEventProcessor(lifecycle))
            .register(
                ElementKind.END_EVENT,
                new EndEventProcessor(state, lifecycle, errors, incidents, throwEvents))
            .register(ElementKind.INTERMEDIATE_CATCH_EVENT, catchEvents)
            .register(ElementKind.INTERMEDIATE_THROW_EVENT, throwEvents)
            .register(ElementKind.BOUNDARY_EVENT, new BoundaryEventProcessor(lifecycle))
            .register(ElementKind.SERVICE_TASK, new ServiceTaskProcessor(jobs, incidents))
            .register(
                ElementKind.USER_TASK,
                new UserTaskProcessor(
                    userTasks, new LinkedForms(state), variables, feel, incidents))
            .register(
                ElementKind.SCRIPT_TASK,
                new ScriptTaskProcessor(lifecycle, variables, feel, incidents))
            .register(ElementKind.RECEIVE_TASK, catchEvents)
            .register(ElementKind.TASK, new TaskProcessor(lifecycle))
            .register(
                ElementKind.EXCLUSIVE_GATEWAY,
                new ExclusiveGatewayProcessor(lifecycle, variables, feel, incidents))
            .register(ElementKind.PARALLEL_GATEWAY, new ParallelGatewayProcessor(lifecycle))
            .register(
                ElementKind.EVENT_BASED_GATEWAY,
                new EventBasedGatewayProcessor(lifecycle, events, variables, incidents));
    lifecycle.use(processors::of, events, jobs);
    writer.onUndo(lifecycle::discardTransient);
    writer.start(
        new Duties(
            state,
            clock,
            new DueTimers(state, clock, lifecycle),
            jobs,
            messages,
            jobPolls,
            new History(state, clock, historyLimits)));
  }

  /** Opens the store in {@code dataDirectory}, loads the state and starts the writer. */
  public static Engine start(Path dataDirectory) {
    return start(dataDirectory, History.Limits.DEFAULT);
  }

  /** As {@link #start(Path)}, keeping finished instances within {@code history}. */
  public static Engine start(Path dataDirectory, History.Limits history) {
    return new Engine(dataDirectory, history);
  }

  /**
   * Wipes all state: deployments, instances, jobs, timers, messages, incidents, user tasks (Camunda
   * Process Test's purge between tests), and answers the waiting job polls empty. The key sequence
   * goes on. Writer thread only.
   *
   * @return the number of this purge since the engine started, counting from 1
   */
  public long purge() {
    state.removeAll();
    processes.clear();
    jobPolls.expireAll();
    return purges.incrementAndGet();
  }

  /** How many purges have completed since the engine started. */
  public long purges() {
    return purges.get();
  }

  /** Whether the engine takes commands (its writer runs and its store has not failed). */
  public boolean isAvailable() {
    return writer.isAvailable();
  }

  /** Answers a parked activation request empty after its request timeout. */
  public void expireLater(JobPolls.Poll poll, long requestTimeoutMillis) {
    pollExpiry.schedule(
        () ->
            writer.submit(
                () -> {
                  jobPolls.expire(poll);
                  return null;
                }),
        requestTimeoutMillis,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Activates jobs for the poll now, or parks it until jobs come or its request timeout ends; the
   * poll's answer completes either way (exceptionally when the command fails).
   */
  public void poll(JobPolls.Poll poll, long requestTimeoutMillis) {
    writer
        .submit(() -> jobActivation.activateOrWait(poll, requestTimeoutMillis))
        .whenComplete(
            (parked, failure) -> {
              if (failure != null) {
                poll.answer().completeExceptionally(failure);
              } else if (parked != null) {
                expireLater(parked, requestTimeoutMillis);
              }
            });
  }

  /**
   * Answers the waiting job polls empty, and later ones that find no job at once, before a
   * shutdown: the web server's graceful shutdown would otherwise wait for each poll's request
   * timeout. Returns once the answers are on their way.
   */
  public void closePolls() {
    onPolls(JobPolls::shutDown, "answer the waiting job polls before shutting down");
  }

  /**
   * Parks job polls that find no job again, after {@link #closePolls}: a Spring context that was
   * stopped starts again (as the test framework does with the contexts it keeps).
   */
  public void reopenPolls() {
    onPolls(JobPolls::resume, "park job polls again");
  }

  private void onPolls(java.util.function.Consumer<JobPolls> change, String what) {
    onJobPolls(change)
        .orTimeout(5, TimeUnit.SECONDS)
        .exceptionally(
            failure -> {
              LOG.warn("Expected to {}, but: {}", what, failure.toString());
              return null;
            })
        .join();
  }

  /** Takes a parked poll out at once: its client has gone. */
  public void abandon(JobPolls.Poll poll) {
    writer.submit(
        () -> {
          jobPolls.expire(poll);
          return null;
        });
  }

  /** Makes jobs activatable again that were answered to a poll whose client had gone. */
  public void handBack(java.util.List<Long> jobKeys) {
    writer.submit(
        () -> {
          jobKeys.forEach(jobActivation::handBack);
          return null;
        });
  }

  /** Publishes a message (see {@link MessageCorrelation#publish}); completes with its key. */
  public java.util.concurrent.CompletableFuture<Long> publish(
      String name,
      String correlationKey,
      long ttlMillis,
      String messageId,
      java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> variables) {
    return writer.submit(
        () -> messages.publish(name, correlationKey, ttlMillis, messageId, variables));
  }

  /** Opens or closes a job stream on the writer thread. */
  public void jobStreams(java.util.function.Consumer<JobPolls> change) {
    onJobPolls(change);
  }

  private java.util.concurrent.CompletableFuture<Void> onJobPolls(
      java.util.function.Consumer<JobPolls> change) {
    return writer.submit(
        () -> {
          change.accept(jobPolls);
          return null;
        });
  }

  public EngineWriter writer() {
    return writer;
  }

  public EngineState state() {
    return state;
  }

  public EngineClock clock() {
    return clock;
  }

  public FeelExpressions feel() {
    return feel;
  }

  public Deployments deployments() {
    return deployments;
  }

  public ProcessInstances processInstances() {
    return processInstances;
  }

  public JobActivation jobActivation() {
    return jobActivation;
  }

  public JobLifecycle jobs() {
    return jobs;
  }

  public MessageCorrelation messages() {
    return messages;
  }

  public UserTaskLifecycle userTasks() {
    return userTasks;
  }

  public IncidentResolution incidents() {
    return incidentResolution;
  }

  @Override
  public void close() {
    pollExpiry.shutdownNow();
    writer.close();
    store.close();
  }
}
