package io.modelship.engine.processor;

import io.modelship.engine.model.ElementKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * The processor of each element kind, registered explicitly in one place (no scanning). Every kind
 * the parser accepts must have one; {@link #of} fails loudly otherwise.
 */
public final class ElementProcessors {

  private final Map<ElementKind, ElementProcessor> byKind = new EnumMap<>(ElementKind.class);

  public ElementProcessors register(ElementKind kind, ElementProcessor processor) {
    if (byKind.putIfAbsent(kind, processor) != null) {
      throw new IllegalStateException(
          "Expected one processor for %s, but a second was registered".formatted(kind));
    }
    return this;
  }

  public ElementProcessor of(ElementKind kind) {
    ElementProcessor processor = byKind.get(kind);
    if (processor == null) {
      throw new IllegalStateException(
          "Expected a processor for %s, but none is registered".formatted(kind));
    }
    return processor;
  }
}
