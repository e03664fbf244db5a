package io.modelship.engine.job;

import io.modelship.engine.lifecycle.EngineWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Workers' activation requests waiting for a job (long polling), and workers' job streams (push). A
 * request waits here until a job of its type becomes activatable, or until its request timeout,
 * when it is answered empty. Jobs are handed out just before the writer commits, and the answer (or
 * push) goes out after the commit. Writer thread only.
 */
public final class JobPolls {

  /** One waiting activation request. */
  public record Poll(
      String type,
      String worker,
      long timeoutMillis,
      int maxJobs,
      List<String> fetchVariables,
      CompletableFuture<List<ActivatedJob>> answer) {}

  /**
   * A worker's job stream (gRPC {@code StreamActivatedJobs}): every job of its type that becomes
   * activatable is activated for it and pushed, one at a time. {@code push} answers false when the
   * stream is gone; the job is then handed back (activatable again at once).
   */
  public record Stream(
      String type,
      String worker,
      long timeoutMillis,
      List<String> fetchVariables,
      java.util.function.Predicate<ActivatedJob> push) {}

  private final Map<String, Deque<Poll>> waiting = new HashMap<>();
  private final Map<String, Deque<Stream>> streams = new HashMap<>();
  private final Set<String> typesWithNewJobs = new LinkedHashSet<>();
  private final EngineWriter writer;
  private JobActivation activation;
  private boolean closing;

  public JobPolls(EngineWriter writer) {
    this.writer = writer;
  }

  void use(JobActivation activation) {
    this.activation = activation;
  }

  void await(Poll poll) {
    waiting.computeIfAbsent(poll.type(), t -> new ArrayDeque<>()).add(poll);
  }

  /** Answers the request with these jobs once their activation is committed. */
  void answer(Poll poll, List<ActivatedJob> jobs) {
    writer.afterCommit(() -> poll.answer().complete(jobs));
  }

  /** Answers the poll empty if it is still waiting. */
  public void expire(Poll poll) {
    Deque<Poll> polls = waiting.get(poll.type());
    if (polls != null && polls.remove(poll)) {
      if (polls.isEmpty()) {
        waiting.remove(poll.type());
      }
      writer.afterCommit(() -> poll.answer().complete(List.of()));
    }
  }

  /**
   * Answers every waiting poll empty, as a purge does: a cluster that is wiped drops its waiting
   * requests. Camunda Process Test purges between tests after closing the test's client; the
   * client's close lets its polls in flight finish, and would drop any job a poll still waiting
   * here was handed (the engine cannot see that: the connection stays open until the answer).
   */
  public void expireAll() {
    for (Deque<Poll> polls : waiting.values()) {
      for (Poll poll : polls) {
        writer.afterCommit(() -> poll.answer().complete(List.of()));
      }
    }
    waiting.clear();
  }

  /**
   * Answers every waiting poll empty, and from now on every poll that finds no job at once: the
   * engine is shutting down, and its web server waits for the requests it holds. The workers poll
   * again after their poll interval (at the next engine, in a rolling restart).
   */
  public void shutDown() {
    closing = true;
    expireAll();
  }

  /** Parks polls that find no job again, after {@link #shutDown} (a context that starts again). */
  public void resume() {
    closing = false;
  }

  /**
   * Whether a poll that finds no job is answered at once ({@link #shutDown}) rather than parked.
   */
  boolean isClosing() {
    return closing;
  }

  /** Opens a job stream; jobs activatable now are pushed to it too. */
  public void open(Stream stream) {
    streams.computeIfAbsent(stream.type(), t -> new ArrayDeque<>()).add(stream);
    typesWithNewJobs.add(stream.type());
  }

  /** Closes a job stream (its worker went away). */
  public void close(Stream stream) {
    Deque<Stream> open = streams.get(stream.type());
    if (open != null && open.remove(stream) && open.isEmpty()) {
      streams.remove(stream.type());
    }
  }

  /** Notes that jobs of this type may now be activatable. */
  public void jobsAvailable(String type) {
    if (waiting.containsKey(type) || streams.containsKey(type)) {
      typesWithNewJobs.add(type);
    }
  }

  /**
   * Pushes the activatable jobs of a type to its streams, one job per stream in turn (push comes
   * before long polls, as in Zeebe).
   */
  private void push(String type) {
    Deque<Stream> open = streams.get(type);
    while (open != null && !open.isEmpty()) {
      Stream stream = open.poll();
      open.add(stream);
      List<ActivatedJob> jobs =
          activation.activate(
              type, stream.worker(), stream.timeoutMillis(), 1, stream.fetchVariables());
      if (jobs.isEmpty()) {
        return;
      }
      ActivatedJob job = jobs.get(0);
      writer.afterCommit(
          () -> {
            if (!stream.push().test(job)) {
              writer.submit(
                  () -> {
                    close(stream);
                    activation.handBack(job.job().key());
                    return null;
                  });
            }
          });
    }
  }

  /** Hands new jobs to waiting polls; runs before each commit. */
  public void serve() {
    for (String type : new ArrayList<>(typesWithNewJobs)) {
      push(type);
      Deque<Poll> polls = waiting.get(type);
      while (polls != null && !polls.isEmpty()) {
        Poll poll = polls.peek();
        List<ActivatedJob> jobs =
            activation.activate(
                type, poll.worker(), poll.timeoutMillis(), poll.maxJobs(), poll.fetchVariables());
        if (jobs.isEmpty()) {
          break;
        }
        polls.poll();
        answer(poll, jobs);
      }
      if (polls != null && polls.isEmpty()) {
        waiting.remove(type);
      }
    }
    typesWithNewJobs.clear();
  }
}
