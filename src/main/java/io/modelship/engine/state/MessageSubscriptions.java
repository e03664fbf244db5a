package io.modelship.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Open message and signal subscriptions, indexed by name (and correlation key), and by owner. */
public final class MessageSubscriptions extends Records<MessageSubscription> {

  private final Map<String, Set<Long>> byCorrelation = new HashMap<>();
  private final Map<Long, Set<Long>> byElementInstance = new HashMap<>();

  MessageSubscriptions(Changes changes) {
    super(Table.MESSAGE_SUBSCRIPTION, changes);
  }

  /** Open message subscriptions for this name and correlation key, oldest first. */
  public List<MessageSubscription> correlating(String name, String correlationKey) {
    return byIndex("message\u0000" + name + '\u0000' + correlationKey);
  }

  /** Open signal subscriptions for this name, oldest first. */
  public List<MessageSubscription> signalled(String name) {
    return byIndex("signal\u0000" + name + '\u0000');
  }

  private List<MessageSubscription> byIndex(String correlation) {
    Set<Long> keys = byCorrelation.get(correlation);
    List<MessageSubscription> result = new ArrayList<>();
    if (keys != null) {
      keys.forEach(k -> result.add(get(k)));
    }
    return result;
  }

  /** The subscriptions an element instance holds (its own, its boundary events', a gateway's). */
  public List<MessageSubscription> ofElementInstance(long elementInstanceKey) {
    Set<Long> keys = byElementInstance.get(elementInstanceKey);
    List<MessageSubscription> result = new ArrayList<>();
    if (keys != null) {
      keys.forEach(k -> result.add(get(k)));
    }
    return result;
  }

  @Override
  protected void index(MessageSubscription subscription) {
    byCorrelation
        .computeIfAbsent(subscription.correlation(), k -> new LinkedHashSet<>())
        .add(subscription.key());
    byElementInstance
        .computeIfAbsent(subscription.elementInstanceKey(), k -> new LinkedHashSet<>())
        .add(subscription.key());
  }

  @Override
  protected void unindex(MessageSubscription subscription) {
    remove(byCorrelation, subscription.correlation(), subscription.key());
    remove(byElementInstance, subscription.elementInstanceKey(), subscription.key());
  }

  private static <K> void remove(Map<K, Set<Long>> index, K key, long value) {
    Set<Long> keys = index.get(key);
    if (keys != null) {
      keys.remove(value);
      if (keys.isEmpty()) {
        index.remove(key);
      }
    }
  }
}
