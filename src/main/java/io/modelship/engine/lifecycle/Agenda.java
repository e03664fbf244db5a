package io.modelship.engine.lifecycle;

import io.modelship.engine.command.InvalidStateException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The steps of one command, run first in, first out. A step may queue more steps; the command
 * returns only when none is left. Running in order (rather than recursing) keeps a fork's second
 * branch from being overtaken by the first branch completing the whole scope.
 *
 * <p>A process that loops without ever reaching a wait state would keep the one writer busy
 * forever; past {@link #MAX_STEPS} steps the command is refused instead (and taken back whole).
 */
final class Agenda {

  static final int MAX_STEPS = 250_000;

  private final Deque<Runnable> steps = new ArrayDeque<>();
  private boolean running;

  void run(Runnable step) {
    steps.add(step);
    if (running) {
      return;
    }
    running = true;
    try {
      Runnable next;
      int count = 0;
      while ((next = steps.poll()) != null) {
        if (++count > MAX_STEPS) {
          throw new InvalidStateException(
              ("Expected the process to reach a wait state, but it took more than %d steps"
                      + " without one (a loop with no task, timer or message in it?)")
                  .formatted(MAX_STEPS));
        }
        next.run();
      }
    } finally {
      running = false;
      steps.clear();
    }
  }
}
