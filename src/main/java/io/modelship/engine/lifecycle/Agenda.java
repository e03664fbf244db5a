package io.modelship.engine.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The steps of one command, run first in, first out. A step may queue more steps; the command
 * returns only when none is left. Running in order (rather than recursing) keeps a fork's second
 * branch from being overtaken by the first branch completing the whole scope.
 */
final class Agenda {

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
      while ((next = steps.poll()) != null) {
        next.run();
      }
    } finally {
      running = false;
      steps.clear();
    }
  }
}
