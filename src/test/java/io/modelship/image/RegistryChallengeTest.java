package io.modelship.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryChallengeTest {

  @Test
  void shouldReadAnAcrBearerChallenge() {
    assertThat(
            RegistryChallenge.parameters(
                "Bearer realm=\"https://myacr.azurecr.io/oauth2/token\",service=\"myacr.azurecr.io\","
                    + "scope=\"repository:model-api:pull,push\""))
        .containsEntry("realm", "https://myacr.azurecr.io/oauth2/token")
        .containsEntry("service", "myacr.azurecr.io")
        .containsEntry("scope", "repository:model-api:pull,push");
  }

  @Test
  void shouldReadABasicChallenge() {
    assertThat(RegistryChallenge.parameters("Basic realm=\"Registry Realm\""))
        .containsEntry("realm", "Registry Realm");
  }
}
