package io.modelship.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.step.BusinessOutcomeException;
import org.junit.jupiter.api.Test;

/** The {@code notifications} section of {@code .modelship.yaml}: channels that name secrets. */
class AppNotificationsConfigTest {

  private static final String NOTIFICATIONS =
      """
      notifications:
        channels:
          - {type: slack, secret: SLACK_WEBHOOK}
          - {type: teams, secret: TEAMS_WEBHOOK, events: [approval-pending, released]}
          - {type: webhook, secret: DEPLOY_HOOK_URL, signingSecret: DEPLOY_HOOK_KEY}
          - {type: email, to: ["ml-team@example.com"], events: [build-failed]}
      """;

  private final AppPipelineConfigReader reader = new AppPipelineConfigReader();

  @Test
  void shouldReadChannelsThatNameTheirSecrets() {
    // when
    AppPipelineConfig config =
        reader.parse(AppPipelineConfigReaderTest.DESIGN_EXAMPLE + NOTIFICATIONS);
    // then
    assertThat(config.notifications().channels()).hasSize(4);
    AppNotifications.Channel teams = config.notifications().channels().get(1);
    assertThat(teams.type()).isEqualTo("teams");
    assertThat(teams.secret()).isEqualTo("TEAMS_WEBHOOK");
    assertThat(teams.events()).containsExactly("approval-pending", "released");
    AppNotifications.Channel hook = config.notifications().channels().get(2);
    assertThat(hook.signingSecret()).isEqualTo("DEPLOY_HOOK_KEY");
    assertThat(config.notifications().channels().get(3).to())
        .containsExactly("ml-team@example.com");
  }

  @Test
  void shouldHaveNoChannelsOfItsOwnWithoutTheSection() {
    // when
    AppPipelineConfig config = reader.parse(AppPipelineConfigReaderTest.DESIGN_EXAMPLE);
    // then
    assertThat(config.notifications().channels()).isEmpty();
  }

  @Test
  void shouldRefuseAWebhookUrlWrittenInsteadOfASecretsName() {
    // given
    String inline =
        """
        notifications:
          channels:
            - {type: slack, secret: "https://hooks.slack.example/services/T000/B000/XXXX"}
        """;
    // then
    assertThatThrownBy(() -> reader.parse(AppPipelineConfigReaderTest.DESIGN_EXAMPLE + inline))
        .isInstanceOf(BusinessOutcomeException.class)
        .hasMessageContaining("notifications.channels[0].secret")
        .hasMessageContaining("never the secret itself");
  }

  @Test
  void shouldRefuseAnUnknownEventAndAWebhookWithoutASecret() {
    // given
    String wrong =
        """
        notifications:
          channels:
            - {type: webhook, events: [deployed]}
        """;
    // then
    assertThatThrownBy(() -> reader.parse(AppPipelineConfigReaderTest.DESIGN_EXAMPLE + wrong))
        .isInstanceOf(BusinessOutcomeException.class)
        .hasMessageContaining("events[0]")
        .hasMessageContaining("secret");
  }
}
