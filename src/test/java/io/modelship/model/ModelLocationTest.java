package io.modelship.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.model.ModelLocation.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelLocationTest {

  @Test
  void shouldParseEveryKind() {
    assertThat(ModelLocation.parse("azblob://acme/models/digits/weights.json"))
        .isEqualTo(
            new ModelLocation(
                Kind.AZURE_BLOB,
                "azblob://acme/models/digits/weights.json",
                "acme",
                "models",
                "digits/weights.json"));
    assertThat(ModelLocation.parse("https://acme.blob.core.windows.net/models/w%20v2.json"))
        .extracting(ModelLocation::kind, ModelLocation::bucket, ModelLocation::path)
        .containsExactly(Kind.AZURE_BLOB, "acme", "w v2.json");
    assertThat(ModelLocation.parse("s3://my.bucket-1/a/b/model.bin"))
        .extracting(ModelLocation::kind, ModelLocation::bucket, ModelLocation::path)
        .containsExactly(Kind.S3, "my.bucket-1", "a/b/model.bin");
    assertThat(ModelLocation.parse("file:digits/weights.json"))
        .extracting(ModelLocation::kind, ModelLocation::path)
        .containsExactly(Kind.FILE, "digits/weights.json");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "azblob://acme/models/../secrets/key",
        "azblob://acme/models/a/%2e%2e/b",
        "azblob://acme/models/a%2f..%2fb",
        "azblob://acme/models//etc/passwd",
        "azblob://acme/models/a/%252e%252e/b",
        "azblob://acme/models/a/%c0%ae%c0%ae/b",
        "azblob://acme/models/a\\..\\b",
        "azblob://acme/models/a/%5c..%5cb",
        "azblob://acme/models/a/%00/b",
        "https://acme.blob.core.windows.net/models/../x",
        "s3://bucket/../other/key",
        "s3://bucket//abs/key",
        "s3://bucket/a/./b",
        "s3://bucket/%2fetc/passwd",
        "file:../etc/passwd",
        "file:/etc/passwd",
        "file:///etc/passwd",
        "file://host/etc/passwd",
        "file:a/../../b",
        "file:a/%2e%2e/%2e%2e/b"
      })
  void shouldRefuseTraversalAndAbsolutePathTricksInEveryKind(String uri) {
    assertThatThrownBy(() -> ModelLocation.parse(uri))
        .isInstanceOf(InvalidModelUriException.class)
        .hasMessageStartingWith("Expected a model URI such as");
  }

  @Test
  void shouldNeverRepeatAQueryStringThatCouldHoldASasToken() {
    assertThatThrownBy(
            () ->
                ModelLocation.parse("https://acme.blob.core.windows.net/m/w.json?sv=1&sig=SECRET"))
        .isInstanceOf(InvalidModelUriException.class)
        .hasMessageContaining("to have no query string")
        .hasMessageNotContaining("SECRET");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://acme.blob.core.windows.net/models/w.json",
        "https://example.com/models/w.json",
        "https://user:pw@acme.blob.core.windows.net/models/w.json",
        "https://acme.blob.core.windows.net:8443/models/w.json",
        "azblob://ACME/models/w.json",
        "azblob://acme/Models/w.json",
        "azblob://acme/models",
        "s3://b/key",
        "s3://bucket/",
        "gs://bucket/key",
        "models/w.json",
        ""
      })
  void shouldRefuseMalformedUrisNamingTheProblem(String uri) {
    assertThatThrownBy(() -> ModelLocation.parse(uri))
        .isInstanceOf(InvalidModelUriException.class)
        .hasMessageStartingWith("Expected a model URI");
  }
}
