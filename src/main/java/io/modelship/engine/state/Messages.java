package io.modelship.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/** Buffered messages, indexed by name and correlation key, by message id and by expiry. */
public final class Messages extends Records<Message> {

  private final Map<String, Set<Long>> byCorrelation = new HashMap<>();
  private final Map<String, Long> byMessageId = new HashMap<>();
  private final NavigableSet<Due> expiries = new TreeSet<>(Due.ORDER);

  Messages(Changes changes) {
    super(Table.MESSAGE, changes);
  }

  /** Buffered messages with this name and correlation key, oldest first. */
  public List<Message> correlating(String name, String correlationKey) {
    Set<Long> keys = byCorrelation.get(name + '\u0000' + correlationKey);
    List<Message> result = new ArrayList<>();
    if (keys != null) {
      keys.forEach(k -> result.add(get(k)));
    }
    return result;
  }

  /** The buffered message with this name and message id, or null. */
  public Message withId(String name, String messageId) {
    Long key = byMessageId.get(name + '\u0000' + messageId);
    return key == null ? null : get(key);
  }

  public Due nextDue() {
    return expiries.isEmpty() ? null : expiries.first();
  }

  @Override
  protected void index(Message message) {
    byCorrelation
        .computeIfAbsent(
            message.name() + '\u0000' + message.correlationKey(), k -> new LinkedHashSet<>())
        .add(message.key());
    if (message.messageId() != null && !message.messageId().isEmpty()) {
      byMessageId.put(message.name() + '\u0000' + message.messageId(), message.key());
    }
    expiries.add(new Due(message.expiresMillis(), message.key()));
  }

  @Override
  protected void unindex(Message message) {
    String correlation = message.name() + '\u0000' + message.correlationKey();
    Set<Long> keys = byCorrelation.get(correlation);
    if (keys != null) {
      keys.remove(message.key());
      if (keys.isEmpty()) {
        byCorrelation.remove(correlation);
      }
    }
    byMessageId.remove(message.name() + '\u0000' + message.messageId(), message.key());
    expiries.remove(new Due(message.expiresMillis(), message.key()));
  }
}
