package io.modelship.engine.lifecycle;

import io.modelship.engine.command.RejectedCommandException;
import io.modelship.engine.command.UnavailableException;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer: a single thread that applies every command to the engine state, in order. It
 * takes the commands queued so far as one batch, applies them, fires whatever became due on the
 * clock, commits all changes in one transaction (group commit), and only then answers. So a
 * completed future means the change is on disk, and no two commands ever touch the state at once.
 *
 * <p>While idle, the thread waits for the next command or the next deadline, whichever comes first;
 * a clock change is a command, so moving the clock wakes it.
 */
public final class EngineWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EngineWriter.class);
  private static final int MAX_BATCH = 1000;

  /** What the writer does around each batch, besides the commands themselves. */
  public interface Duties {
    /** Millis until the next deadline on the engine clock, or -1 when none can come by itself. */
    long millisUntilNextDue();

    /** Fires everything that is due on the engine clock. */
    void fireDue();

    /** Runs last before each commit (e.g. hands new jobs to waiting workers). */
    void beforeCommit();
  }

  private final BlockingQueue<Queued<?>> queue = new LinkedBlockingQueue<>();
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final List<Runnable> onUndo = new ArrayList<>();
  private final EngineState state;
  private final StateStore store;
  private final Thread thread;
  private volatile Duties duties;
  private volatile boolean running = true;
  private volatile String failure;

  public EngineWriter(EngineState state, StateStore store) {
    this.state = state;
    this.store = store;
    this.thread = new Thread(this::run, "engine-writer");
  }

  public void start(Duties duties) {
    this.duties = duties;
    thread.start();
  }

  /** Queues a command; the future completes after the batch holding it is committed. */
  public <T> CompletableFuture<T> submit(Callable<T> command) {
    CompletableFuture<T> future = new CompletableFuture<>();
    if (!running || failure != null) {
      future.completeExceptionally(new UnavailableException(unavailable()));
      return future;
    }
    queue.add(new Queued<>(command, future));
    return future;
  }

  /**
   * Registers what to reset, besides the records, when a command is taken back (state a command
   * keeps only while it runs). Called while the engine is assembled.
   */
  public void onUndo(Runnable reset) {
    onUndo.add(reset);
  }

  /** Runs the action once the current batch is committed. Writer thread only. */
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  /** Whether commands are taken: running, and the store has not failed. */
  public boolean isAvailable() {
    return running && failure == null && thread.isAlive();
  }

  public boolean isWriterThread() {
    return Thread.currentThread() == thread;
  }

  private void run() {
    List<Queued<?>> batch = new ArrayList<>();
    while (running) {
      try {
        long wait = duties.millisUntilNextDue();
        Queued<?> first =
            wait < 0 ? queue.poll(1, TimeUnit.HOURS) : queue.poll(wait, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
        }
        process(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } catch (RuntimeException e) {
        // The in-memory state may now differ from the store: refuse further commands rather
        // than acknowledge anything that would not survive a restart.
        failure = e.getMessage();
        LOG.error("The engine writer failed; the engine refuses commands until restarted", e);
        batch.forEach(q -> q.future.completeExceptionally(new UnavailableException(unavailable())));
      } finally {
        batch.clear();
        afterCommit.clear();
      }
      if (failure != null) {
        break;
      }
    }
    Queued<?> left;
    while ((left = queue.poll()) != null) {
      left.future.completeExceptionally(new UnavailableException(unavailable()));
    }
  }

  private void process(List<Queued<?>> batch) {
    List<Runnable> answers = new ArrayList<>(batch.size());
    for (Queued<?> queued : batch) {
      answers.add(apply(queued));
    }
    duties.fireDue();
    duties.beforeCommit();
    if (!state.changes().isEmpty()) {
      store.commit(state.changes(), state.lastKey());
      state.changes().clear();
    }
    answers.forEach(Runnable::run);
    afterCommit.forEach(Runnable::run);
  }

  private String unavailable() {
    return failure == null
        ? "Expected the engine to take commands, but it is stopping"
        : "Expected the engine to take commands, but its store failed: " + failure;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Applies one command atomically: if it fails, whatever it changed is taken back, so it changes
   * nothing, and the rest of the batch is committed as usual. Returns how to answer once committed.
   */
  private <T> Runnable apply(Queued<T> queued) {
    int answersBefore = afterCommit.size();
    state.beginCommand();
    try {
      T result = queued.command().call();
      state.endCommand();
      return () -> queued.future().complete(result);
    } catch (Exception | StackOverflowError e) {
      state.undoCommand();
      onUndo.forEach(Runnable::run);
      afterCommit.subList(answersBefore, afterCommit.size()).clear();
      if (!(e instanceof RejectedCommandException)) {
        // A bug, not a rejection: the command was taken back whole; the caller gets an
        // internal error and the engine goes on.
        LOG.error("Command failed unexpectedly and was taken back", e);
      }
      return () -> queued.future().completeExceptionally(e);
    }
  }

  private record Queued<T>(Callable<T> command, CompletableFuture<T> future) {}
}
