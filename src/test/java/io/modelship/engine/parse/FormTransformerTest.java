package io.modelship.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.engine.model.FormDefinition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormTransformerTest {

  private final FormTransformer transformer = new FormTransformer();

  private FormDefinition transform(String name, String json) {
    return transformer.transform(name, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldReadTheIdAndVersionTagAndKeepTheSchemaAsGiven() {
    // given
    String json = "{\"id\": \"approve\", \"versionTag\": \"v3\", \"components\": []}";

    // when
    FormDefinition form = transform("approve.form", json);

    // then
    assertThat(form.formId()).isEqualTo("approve");
    assertThat(form.versionTag()).isEqualTo("v3");
    assertThat(form.schema()).isEqualTo(json);
  }

  @Test
  void shouldNameTheResourceAndThePlaceOfMalformedJsonWithoutItsSource() {
    assertThatThrownBy(() -> transform("bad.form", "{\"id\": \"x\", \"components\": ["))
        .isInstanceOf(InvalidDeploymentException.class)
        .hasMessageStartingWith("Expected 'bad.form' to be a Camunda Form (JSON)")
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("Source");
  }

  @Test
  void shouldRejectJsonThatIsNotAnObject() {
    assertThatThrownBy(() -> transform("list.form", "[1, 2]"))
        .isInstanceOf(InvalidDeploymentException.class)
        .hasMessageContaining("'list.form'")
        .hasMessageContaining("not an object");
  }

  @Test
  void shouldRejectAFormWithoutAStringId() {
    assertThatThrownBy(() -> transform("no-id.form", "{\"id\": 7, \"components\": []}"))
        .isInstanceOf(InvalidDeploymentException.class)
        .hasMessageContaining("'no-id.form'")
        .hasMessageContaining("found 7");
  }
}
