package io.modelship.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.modelship.build.AppNotifications;
import io.modelship.servers.FreePorts;
import io.modelship.servers.WebhookReceiver;
import io.modelship.steplog.SecretMasker;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox and its dispatcher against real receivers in this JVM: a loopback HTTP server for
 * Slack, Teams and the signed webhook, and GreenMail for SMTP; the ledger's schema in H2.
 */
class NotificationDeliveryIT {

  private static final String HMAC_KEY = "hmac-key-5e1f0a";

  private final JsonMapper json = JsonMapper.builder().build();
  private final WebhookReceiver slack = WebhookReceiver.start();
  private final WebhookReceiver teams = WebhookReceiver.start();
  private final WebhookReceiver hook = WebhookReceiver.start();
  private GreenMail smtp;
  private NotificationOutbox outbox;
  private NotificationDispatcher dispatcher;
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void start() {
    smtp = new GreenMail(new ServerSetup(FreePorts.loopback(), "127.0.0.1", "smtp"));
    smtp.start();
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(NotificationDispatcher.class)).addAppender(logs);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(NotificationDispatcher.class)).detachAppender(logs);
    smtp.stop();
    slack.close();
    teams.close();
    hook.close();
  }

  private void configure(Map<String, AppNotifications.Channel> channels, int maxAttempts) {
    DriverManagerDataSource db =
        new DriverManagerDataSource(
            "jdbc:h2:mem:notify-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Flyway.configure().dataSource(db).load().migrate();
    JdbcClient jdbc = JdbcClient.create(db);
    Clock clock = Clock.systemUTC();
    NotificationSecrets secrets =
        new NotificationSecrets(
            Map.of(
                "SLACK_WEBHOOK", slack.url().toString(),
                "TEAMS_WEBHOOK", teams.url().toString(),
                "HOOK_URL", hook.url().toString(),
                "HOOK_KEY", HMAC_KEY));
    NotificationProperties properties =
        new NotificationProperties(
            null,
            channels,
            "modelship@test.local",
            maxAttempts,
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            null,
            null,
            null);
    outbox = new NotificationOutbox(jdbc, json, clock);
    ChannelDirectory directory =
        new ChannelDirectory(properties, new AppNotificationSettings(jdbc, json, clock), secrets);
    JavaMailSenderImpl mail = new JavaMailSenderImpl();
    mail.setHost("127.0.0.1");
    mail.setPort(smtp.getSmtp().getPort());
    dispatcher =
        new NotificationDispatcher(
            outbox,
            directory,
            properties,
            SecretMasker.of(secrets.values()),
            clock,
            json,
            new StaticListableBeanFactory(Map.of("mail", mail))
                .getBeanProvider(JavaMailSender.class));
    this.directory = directory;
  }

  private ChannelDirectory directory;

  private static Map<String, AppNotifications.Channel> everyChannel() {
    Map<String, AppNotifications.Channel> channels = new LinkedHashMap<>();
    channels.put("slack", new AppNotifications.Channel("slack", "SLACK_WEBHOOK", null, null, null));
    channels.put("teams", new AppNotifications.Channel("teams", "TEAMS_WEBHOOK", null, null, null));
    channels.put(
        "hook", new AppNotifications.Channel("webhook", "HOOK_URL", "HOOK_KEY", null, null));
    channels.put(
        "mail",
        new AppNotifications.Channel(
            "email", null, null, List.of("release-managers@test.local"), null));
    return channels;
  }

  private static Notification approvalPending(String runId) {
    return new Notification(
        "approval-pending",
        "model-api",
        runId,
        "model-api waits for approval to go to production",
        "Staging passed. A release manager approves or rejects it.",
        Map.of("Image", "registry.test/model-api@sha256:abc"),
        orderedLinks(
            "approval",
            "http://localhost:8080/approvals",
            "run",
            "http://localhost:8080/runs/" + runId),
        Instant.now().toString());
  }

  private void enqueue(String runId, Notification notification) {
    for (ChannelDirectory.Named channel :
        directory.channelsFor(notification.event(), notification.app(), null)) {
      outbox.add(
          runId, "notify-approval-pending.model-api", channel.name(), channel.spec(), notification);
    }
  }

  private void dispatchUntil(java.util.function.BooleanSupplier done, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("the outbox settles within %s", within).isLessThan(deadline);
      dispatcher.dispatchDue();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean settled(String runId) {
    return outbox.ofRun(runId).stream().noneMatch(e -> OutboxEntry.PENDING.equals(e.state()));
  }

  @Test
  void shouldDeliverToSlackTeamsSignedWebhookAndEmailEachInItsOwnFormat() throws Exception {
    // given
    configure(everyChannel(), 3);
    String runId = "run-every-channel";
    enqueue(runId, approvalPending(runId));
    // when
    dispatchUntil(() -> settled(runId), Duration.ofSeconds(20));
    // then: every row delivered
    assertThat(outbox.ofRun(runId))
        .hasSize(4)
        .allSatisfy(e -> assertThat(e.state()).isEqualTo(OutboxEntry.DELIVERED));
    // Slack: text plus Block Kit, the link in Slack's <url|label> form
    JsonNode slackBody = json.readTree(slack.received().get(0).body());
    assertThat(slackBody.get("text").asString())
        .isEqualTo("model-api waits for approval to go to production");
    assertThat(slackBody.toString())
        .contains("<http://localhost:8080/approvals|Approve or reject>");
    // Teams: a message with one Adaptive Card attachment, the approval link as a button
    JsonNode teamsBody = json.readTree(teams.received().get(0).body());
    assertThat(teamsBody.get("type").asString()).isEqualTo("message");
    JsonNode attachment = teamsBody.get("attachments").get(0);
    assertThat(attachment.get("contentType").asString())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(attachment.get("content").get("type").asString()).isEqualTo("AdaptiveCard");
    assertThat(attachment.get("content").get("actions").get(0).get("type").asString())
        .isEqualTo("Action.OpenUrl");
    assertThat(attachment.get("content").get("actions").get(0).get("url").asString())
        .isEqualTo("http://localhost:8080/approvals");
    // Generic webhook: signature checked by an independent HMAC over "<timestamp>.<body>"
    WebhookReceiver.Received signed = hook.received().get(0);
    String timestamp = signed.header("X-Modelship-Timestamp");
    assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)))
        .isLessThan(300);
    assertThat(signed.header("X-Modelship-Signature-256"))
        .isEqualTo("sha256=" + hmac(timestamp, signed.body()));
    assertThat(signed.header("X-Modelship-Event")).isEqualTo("approval-pending");
    JsonNode hookBody = json.readTree(signed.body());
    assertThat(hookBody.get("deliveryId").asString())
        .isEqualTo(signed.header("X-Modelship-Delivery"));
    assertThat(hookBody.get("notification").get("runId").asString()).isEqualTo(runId);
    // E-mail: through the real SMTP server
    assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertThat(mail.getSubject())
        .isEqualTo("[Modelship] model-api waits for approval to go to production");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("release-managers@test.local");
    assertThat(GreenMailUtil.getBody(mail))
        .contains("Approve or reject: http://localhost:8080/approvals");
  }

  @Test
  void shouldRetryWithBackoffWhenTheReceiverAnswers500ThenDeliverOnce() throws Exception {
    // given
    configure(
        Map.of("hook", new AppNotifications.Channel("webhook", "HOOK_URL", "HOOK_KEY", null, null)),
        5);
    hook.answerNext(500);
    String runId = "run-retry";
    enqueue(runId, approvalPending(runId));
    // when: the first attempt fails
    dispatcher.dispatchDue();
    OutboxEntry afterFailure = outbox.ofRun(runId).get(0);
    int immediately = dispatcher.dispatchDue();
    // then: it waits for its backoff, then the second attempt is taken
    assertThat(afterFailure.state()).isEqualTo(OutboxEntry.PENDING);
    assertThat(afterFailure.attempts()).isEqualTo(1);
    assertThat(afterFailure.lastError())
        .contains("answered 500")
        .doesNotContain(hook.url().getPath());
    assertThat(immediately).as("no attempt before the backoff").isZero();
    dispatchUntil(() -> settled(runId), Duration.ofSeconds(10));
    OutboxEntry delivered = outbox.ofRun(runId).get(0);
    assertThat(delivered.state()).isEqualTo(OutboxEntry.DELIVERED);
    assertThat(delivered.attempts()).isEqualTo(2);
    assertThat(hook.received()).hasSize(2);
    assertThat(hook.received().get(1).header("X-Modelship-Delivery"))
        .as("one delivery id across attempts, so the receiver can drop repeats")
        .isEqualTo(hook.received().get(0).header("X-Modelship-Delivery"));
    WebhookReceiver.Received second = hook.received().get(1);
    assertThat(second.header("X-Modelship-Signature-256"))
        .isEqualTo("sha256=" + hmac(second.header("X-Modelship-Timestamp"), second.body()));
  }

  @Test
  void shouldGiveUpAfterItsAttemptsWhenTheReceiverIsDownAndNeverLogTheUrl() {
    // given
    configure(
        Map.of("slack", new AppNotifications.Channel("slack", "SLACK_WEBHOOK", null, null, null)),
        3);
    String secretPath = slack.url().getPath();
    slack.close();
    String runId = "run-down";
    enqueue(runId, approvalPending(runId));
    // when
    dispatchUntil(() -> settled(runId), Duration.ofSeconds(20));
    // then
    OutboxEntry entry = outbox.ofRun(runId).get(0);
    assertThat(entry.state()).isEqualTo(OutboxEntry.GAVE_UP);
    assertThat(entry.attempts()).isEqualTo(3);
    assertThat(entry.lastError())
        .contains("could not reach the receiver")
        .doesNotContain(secretPath);
    assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("Gave up delivering"));
    assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(secretPath));
  }

  @Test
  void shouldGiveUpAtOnceNamingASecretThatIsNotConfigured() {
    // given
    configure(
        Map.of("ops", new AppNotifications.Channel("slack", "NOT_CONFIGURED", null, null, null)),
        5);
    String runId = "run-missing-secret";
    enqueue(runId, approvalPending(runId));
    // when
    dispatchUntil(() -> settled(runId), Duration.ofSeconds(10));
    // then
    OutboxEntry entry = outbox.ofRun(runId).get(0);
    assertThat(entry.state()).isEqualTo(OutboxEntry.GAVE_UP);
    assertThat(entry.attempts()).isEqualTo(1);
    assertThat(entry.lastError())
        .contains(
            "expected the secret NOT_CONFIGURED in modelship.notifications.secrets.NOT_CONFIGURED");
  }

  @Test
  void shouldAddANotificationOncePerRunOriginAndChannel() {
    // given
    configure(everyChannel(), 3);
    Notification notification = approvalPending("run-twice");
    AppNotifications.Channel spec = everyChannel().get("slack");
    // when
    boolean first =
        outbox.add(
            "run-twice", "notify-approval-pending.model-api", "global:slack", spec, notification);
    boolean again =
        outbox.add(
            "run-twice", "notify-approval-pending.model-api", "global:slack", spec, notification);
    // then
    assertThat(first).isTrue();
    assertThat(again).isFalse();
    assertThat(outbox.ofRun("run-twice")).hasSize(1);
  }

  /** HMAC-SHA256 as a receiver computes it, apart from the channel's own code. */
  private static String hmac(String timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] signed = new byte[timestamp.length() + 1 + body.length];
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return HexFormat.of().formatHex(mac.doFinal(signed));
  }

  /**
   * Links in display order, as NotificationTexts makes them ({@code Map.of} has no fixed order).
   */
  private static Map<String, String> orderedLinks(String k1, String v1, String k2, String v2) {
    Map<String, String> links = new java.util.LinkedHashMap<>();
    links.put(k1, v1);
    links.put(k2, v2);
    return links;
  }
}
