package io.modelship.pipeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What the process tests ask of the steps they stand in for: failures to raise on the next calls,
 * delays, and counts of calls. Keys name a step and, where it matters, an environment: {@code
 * run-tests}, {@code deploy:production}, {@code smoke-test:staging}.
 */
final class StepScript {

  private final Map<String, Deque<Supplier<RuntimeException>>> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();

  /** The next {@code times} calls of {@code key} throw what {@code failure} makes. */
  void failNext(String key, int times, Supplier<RuntimeException> failure) {
    Deque<Supplier<RuntimeException>> queue =
        failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (queue) {
      for (int i = 0; i < times; i++) {
        queue.add(failure);
      }
    }
  }

  /** Every call of {@code key} first sleeps this long. */
  void delay(String key, Duration delay) {
    delays.put(key, delay);
  }

  /** Counts the call, sleeps if asked, and throws the next scripted failure, if any. */
  void enter(String key) {
    calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    Duration delay = delays.get(key);
    if (delay != null) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Deque<Supplier<RuntimeException>> queue = failures.get(key);
    if (queue != null) {
      Supplier<RuntimeException> next;
      synchronized (queue) {
        next = queue.poll();
      }
      if (next != null) {
        throw next.get();
      }
    }
  }

  int calls(String key) {
    AtomicInteger count = calls.get(key);
    return count == null ? 0 : count.get();
  }

  void reset() {
    failures.clear();
    calls.clear();
    delays.clear();
  }
}
