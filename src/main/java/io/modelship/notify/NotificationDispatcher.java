package io.modelship.notify;

import io.modelship.steplog.SecretMasker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers the outbox: every {@code dispatch-interval} it takes the due entries and delivers each
 * to its channel. A failed attempt is tried again after an exponential backoff ({@code
 * initial-backoff}, doubled, at most {@code max-backoff}); after {@code max-attempts}, or at once
 * when the channel cannot work as configured, it gives up and logs why (masked). Nothing here
 * answers the engine, so a notification that cannot be delivered never holds up a run.
 */
@Component
class NotificationDispatcher implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
  private static final int BATCH = 20;
  private static final int BATCHES_PER_ROUND = 10;

  private final NotificationOutbox outbox;
  private final ChannelDirectory directory;
  private final NotificationProperties properties;
  private final SecretMasker masker;
  private final Clock clock;
  private final Map<String, NotificationChannel> channels;
  private ScheduledExecutorService scheduler;

  NotificationDispatcher(
      NotificationOutbox outbox,
      ChannelDirectory directory,
      NotificationProperties properties,
      SecretMasker masker,
      Clock clock,
      JsonMapper json,
      ObjectProvider<JavaMailSender> mail) {
    this.outbox = outbox;
    this.directory = directory;
    this.properties = properties;
    this.masker = masker;
    this.clock = clock;
    WebhookPost post = new WebhookPost(properties.requestTimeout());
    this.channels =
        Stream.of(
                new SlackChannel(post, json),
                new TeamsChannel(post, json),
                new SignedWebhookChannel(post, json, clock),
                new EmailChannel(mail, properties.emailFrom()))
            .collect(Collectors.toMap(NotificationChannel::type, Function.identity()));
  }

  /** Delivers what is due now (at most a few batches); returns how many attempts it made. */
  int dispatchDue() {
    int attempts = 0;
    for (int round = 0; round < BATCHES_PER_ROUND; round++) {
      List<OutboxEntry> due = outbox.due(BATCH);
      for (OutboxEntry entry : due) {
        // A lease longer than one delivery can take: a dispatcher that dies mid-way is taken over.
        Instant lease = clock.instant().plus(properties.requestTimeout().multipliedBy(3));
        if (outbox.take(entry, lease)) {
          attempts++;
          attempt(entry, entry.attempts() + 1);
        }
      }
      if (due.size() < BATCH) {
        break;
      }
    }
    return attempts;
  }

  private void attempt(OutboxEntry entry, int attempt) {
    String what =
        entry.notification().event() + " of run " + entry.runId() + " to " + entry.channel();
    try {
      ChannelTarget target = directory.resolve(entry.channel(), entry.spec());
      NotificationChannel channel = channels.get(target.type());
      if (channel == null) {
        throw new ChannelNotUsableException(
            entry.channel()
                + ": expected a type among "
                + channels.keySet()
                + ", but it is '"
                + target.type()
                + "'");
      }
      channel.deliver(entry.notification(), target, entry.deliveryId());
      outbox.delivered(entry.deliveryId());
      LOG.info("Delivered {} (attempt {}, delivery {})", what, attempt, entry.deliveryId());
    } catch (ChannelNotUsableException e) {
      String error = masker.mask(e.getMessage());
      outbox.gaveUp(entry.deliveryId(), error);
      LOG.warn("Gave up delivering {}: {}", what, error);
    } catch (RuntimeException e) {
      // DeliveryFailedException, and anything unforeseen: both are worth another attempt.
      String error = masker.mask(String.valueOf(e.getMessage()));
      if (attempt >= properties.maxAttempts()) {
        outbox.gaveUp(entry.deliveryId(), error);
        LOG.warn("Gave up delivering {} after {} attempts: {}", what, attempt, error);
      } else {
        Duration wait = properties.backoffAfter(attempt);
        outbox.retryAt(entry.deliveryId(), clock.instant().plus(wait), error);
        LOG.info("Attempt {} to deliver {} failed, next in {}: {}", attempt, what, wait, error);
      }
    }
  }

  private void round() {
    try {
      dispatchDue();
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not look at the notification outbox: {}",
          masker.mask(String.valueOf(e.getMessage())));
    }
  }

  @Override
  public synchronized void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "notification-dispatcher");
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.max(50, properties.dispatchInterval().toMillis());
    scheduler.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}
