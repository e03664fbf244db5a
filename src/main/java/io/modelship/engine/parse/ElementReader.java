package io.modelship.engine.parse;

import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.modelship.engine.feel.Expression;
import io.modelship.engine.feel.FeelExpressions;
import java.util.List;
import java.util.function.Supplier;

/**
 * Parses the expressions of one BPMN resource's elements and records what is wrong with them, so a
 * rejected deployment names every problem at once.
 */
final class ElementReader {

  private final FeelExpressions feel;
  private final String resourceName;
  private final List<String> problems;

  ElementReader(FeelExpressions feel, String resourceName, List<String> problems) {
    this.feel = feel;
    this.resourceName = resourceName;
    this.problems = problems;
  }

  String resourceName() {
    return resourceName;
  }

  /** A FEEL expression (the leading {@code =} optional); null (a problem recorded) if malformed. */
  Expression expression(BaseElement element, String text) {
    return parse(element, () -> feel.expression(text));
  }

  /** A static value or, with a leading {@code =}, an expression; null when {@code text} is. */
  Expression value(BaseElement element, String text) {
    return text == null ? null : parse(element, () -> feel.valueOrExpression(text));
  }

  /** Records that {@code element} is wrong: {@code message} says how. */
  void problem(BaseElement element, String message) {
    problems.add("'%s' element '%s': %s".formatted(resourceName, element.getId(), message));
  }

  /** Records that the engine cannot run {@code element}; returns null for the caller to return. */
  <T> T unsupported(BaseElement element, String what) {
    problem(
        element,
        "Expected an element the engine supports, but found a %s, which it does not support yet"
            .formatted(what));
    return null;
  }

  private Expression parse(BaseElement element, Supplier<Expression> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      problem(element, e.getMessage());
      return null;
    }
  }
}
