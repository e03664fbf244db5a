package io.modelship.notify;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * One channel, resolved: its secrets are values here, so this type never prints them ({@link
 * #toString()} names the channel only) and is never stored; the outbox keeps the channel's name.
 *
 * @param name unique per source: {@code global:<name>} or {@code app:<index>-<type>}
 * @param events the events it is told of; empty means every event
 */
record ChannelTarget(
    String name, String type, URI url, String signingKey, List<String> to, Set<String> events) {

  ChannelTarget {
    to = to == null ? List.of() : List.copyOf(to);
    events = events == null ? Set.of() : Set.copyOf(events);
  }

  boolean wants(String event) {
    return events.isEmpty() || events.contains(event);
  }

  @Override
  public String toString() {
    return name + " (" + type + ")";
  }
}
