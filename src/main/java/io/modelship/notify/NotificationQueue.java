package io.modelship.notify;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Puts a notification in the outbox once for every channel that wants its event. */
@Component
class NotificationQueue {

  private final ChannelDirectory directory;
  private final NotificationOutbox outbox;

  NotificationQueue(ChannelDirectory directory, NotificationOutbox outbox) {
    this.directory = directory;
    this.outbox = outbox;
  }

  /**
   * Adds the notification for each channel of the app (as configured at {@code commitSha}) and of
   * Modelship; returns the channels it was added for now (not those that had it already).
   */
  List<String> add(String runId, String origin, String commitSha, Notification notification) {
    List<String> added = new ArrayList<>();
    for (ChannelDirectory.Named channel :
        directory.channelsFor(notification.event(), notification.app(), commitSha)) {
      if (outbox.add(runId, origin, channel.name(), channel.spec(), notification)) {
        added.add(channel.name());
      }
    }
    return added;
  }
}
