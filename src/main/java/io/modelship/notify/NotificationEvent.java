package io.modelship.notify;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a notification tells; the names are what the BPMN's notify tasks and the channels use. */
public enum NotificationEvent {
  APPROVAL_PENDING("approval-pending"),
  BUILD_FAILED("build-failed"),
  RELEASED("released"),
  ROLLED_BACK("rolled-back"),
  INCIDENT_OPENED("incident-opened");

  private final String id;

  NotificationEvent(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The event of that name, or an exception naming the known ones. */
  public static NotificationEvent of(String id) {
    for (NotificationEvent event : values()) {
      if (event.id.equals(id)) {
        return event;
      }
    }
    throw new IllegalArgumentException(
        "Expected a notification event ("
            + Arrays.stream(values()).map(NotificationEvent::id).collect(Collectors.joining(", "))
            + "), but got '"
            + id
            + "'");
  }
}
