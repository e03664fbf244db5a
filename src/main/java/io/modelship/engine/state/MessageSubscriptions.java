package io.modelship.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Open message subscriptions, indexed by name and correlation key, and by element instance. */
public final class MessageSubscriptions extends Records<MessageSubscription> {

  private final Map<String, Set<Long>> byCorrelation = new HashMap<>();
  private final Map<Long, Long> byElementInstance = new HashMap<>();

  MessageSubscriptions(Changes changes) {
    super(Table.MESSAGE_SUBSCRIPTION, changes);
  }

  /** Open subscriptions for this name and correlation key, oldest first. */
  public List<MessageSubscription> correlating(String name, String correlationKey) {
    Set<Long> keys = byCorrelation.get(name + '\u0000' + correlationKey);
    List<MessageSubscription> result = new ArrayList<>();
    if (keys != null) {
      keys.forEach(k -> result.add(get(k)));
    }
    return result;
  }

  public MessageSubscription ofElementInstance(long elementInstanceKey) {
    Long key = byElementInstance.get(elementInstanceKey);
    return key == null ? null : get(key);
  }

  @Override
  protected void index(MessageSubscription subscription) {
    byCorrelation
        .computeIfAbsent(
            subscription.messageName() + '\u0000' + subscription.correlationKey(),
            k -> new LinkedHashSet<>())
        .add(subscription.key());
    byElementInstance.put(subscription.elementInstanceKey(), subscription.key());
  }

  @Override
  protected void unindex(MessageSubscription subscription) {
    String correlation = subscription.messageName() + '\u0000' + subscription.correlationKey();
    Set<Long> keys = byCorrelation.get(correlation);
    if (keys != null) {
      keys.remove(subscription.key());
      if (keys.isEmpty()) {
        byCorrelation.remove(correlation);
      }
    }
    byElementInstance.remove(subscription.elementInstanceKey(), subscription.key());
  }
}
