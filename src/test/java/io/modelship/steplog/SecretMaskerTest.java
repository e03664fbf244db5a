package io.modelship.steplog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

  private final SecretMasker masker = SecretMasker.of(List.of("hunter2-configured-value"));

  @Test
  void shouldMaskConfiguredValuesAndTheirUrlEncodedForm() {
    // given
    SecretMasker withSpecial = SecretMasker.of(List.of("p@ss/word+1"));

    // when
    String plain = withSpecial.mask("login with p@ss/word+1 now");
    String encoded = withSpecial.mask("url ?pw=p%40ss%2Fword%2B1&x=1");

    // then
    assertThat(plain).isEqualTo("login with **** now");
    assertThat(encoded).doesNotContain("p%40ss").contains("****");
  }

  @Test
  void shouldMaskTheAccountKeyInAConnectionString() {
    String masked =
        masker.mask(
            "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=c2VjcmV0a2V5;EndpointSuffix=core.windows.net");

    assertThat(masked)
        .isEqualTo(
            "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=****;EndpointSuffix=core.windows.net");
  }

  @Test
  void shouldMaskABareAccountKey() {
    String key =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    assertThat(masker.mask("key is " + key + " ok")).isEqualTo("key is **** ok");
  }

  @Test
  void shouldMaskTheSasSignatureButKeepTheRestOfTheUrl() {
    String masked =
        masker.mask(
            "GET https://acme.blob.core.windows.net/models/w.json?sv=2024-08-04&se=2026-12-01&sp=r&sig=AbC%2Bd3fGh%3D failed");

    assertThat(masked)
        .isEqualTo(
            "GET https://acme.blob.core.windows.net/models/w.json?sv=2024-08-04&se=2026-12-01&sp=r&sig=**** failed");
  }

  @Test
  void shouldMaskTheSignatureAndCredentialOfAPresignedS3Url() {
    String masked =
        masker.mask(
            "GET http://s3/models/w?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA/20261125/us-east-1/s3/aws4_request&X-Amz-Signature=0f1e2d3c");

    assertThat(masked)
        .isEqualTo(
            "GET http://s3/models/w?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=****&X-Amz-Signature=****");
  }

  @Test
  void shouldMaskBearerAndBasicCredentials() {
    assertThat(masker.mask("Authorization: Bearer abc.def-ghi_123"))
        .isEqualTo("Authorization: Bearer ****");
    assertThat(masker.mask("Authorization: Basic dXNlcjpwYXNzd29yZA=="))
        .isEqualTo("Authorization: Basic ****");
  }

  @Test
  void shouldMaskPasswordsAndTokensInUrls() {
    assertThat(masker.mask("cloning https://x-access-token:s3cr3tvalue@github.com/acme/app.git"))
        .isEqualTo("cloning https://x-access-token:****@github.com/acme/app.git");
    assertThat(masker.mask("cloning https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/a"))
        .isEqualTo("cloning https://****@github.com/a");
  }

  @Test
  void shouldMaskAwsSecretKeysButNotCommitShas() {
    String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    String sha = "4c34df8e0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    assertThat(masker.mask("aws_secret_access_key = " + secret))
        .isEqualTo("aws_secret_access_key = ****");
    assertThat(masker.mask("leaked " + secret + " here")).isEqualTo("leaked **** here");
    assertThat(masker.mask("checked out " + sha)).isEqualTo("checked out " + sha);
  }

  @Test
  void shouldMaskPasswordPairsAndGithubTokensAndJwts() {
    assertThat(masker.mask("password=letmein123 user=bob")).isEqualTo("password=**** user=bob");
    assertThat(masker.mask("token: ghp_abcdefghijklmnopqrstuvwxyz0123456789")).contains("****");
    assertThat(
            masker.mask("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sflKxwRJSMeKKF2QT4f"))
        .isEqualTo("jwt ****");
  }

  @Test
  void shouldLeaveOrdinaryTextAlone() {
    String text = "collected 12 items; tests/test_app.py ..... [100%] 12 passed in 0.31s";

    assertThat(masker.mask(text)).isEqualTo(text);
  }

  @Test
  void shouldIgnoreConfiguredValuesTooShortToBeSecrets() {
    assertThat(SecretMasker.of(List.of("a", "12")).mask("a 12 b")).isEqualTo("a 12 b");
  }

  @Test
  void shouldFindSecretsInEnvironmentVariablesByName() {
    assertThat(
            StepLogsConfiguration.environmentSecrets(
                java.util.Map.of(
                    "AWS_SECRET_ACCESS_KEY", "one", "GITHUB_TOKEN", "two", "HOME", "/root")))
        .containsExactlyInAnyOrder("one", "two");
  }
}
