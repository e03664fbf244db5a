package io.modelship.engine.state;

import java.util.HashMap;
import java.util.Map;

/** Incidents, with the open ones indexed by element instance. */
public final class Incidents extends Records<Incident> {

  private final Map<Long, Long> openByElementInstance = new HashMap<>();

  Incidents(Changes changes) {
    super(Table.INCIDENT, changes);
  }

  /** The open incident of an element instance, or null. */
  public Incident openOf(long elementInstanceKey) {
    Long key = openByElementInstance.get(elementInstanceKey);
    return key == null ? null : get(key);
  }

  @Override
  protected void index(Incident incident) {
    if (!incident.resolved()) {
      openByElementInstance.put(incident.elementInstanceKey(), incident.key());
    }
  }

  @Override
  protected void unindex(Incident incident) {
    openByElementInstance.remove(incident.elementInstanceKey(), incident.key());
  }
}
