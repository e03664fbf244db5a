package io.modelship.engine.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the store's strings so that equal short ones share one instance within a load: a finished
 * instance's records each repeat its process id and element ids, which were otherwise one copy per
 * record in memory. Only while {@link #SEEN} is set (a load from the store); otherwise, and for
 * long or too many distinct strings, a string is read as Jackson reads it.
 */
final class SharedStrings extends StdScalarDeserializer<String> {

  /** The attribute of an {@code ObjectReader} that holds one load's strings. */
  static final Object SEEN = SharedStrings.class;

  private static final int LONGEST = 128;
  private static final int MOST = 100_000;

  SharedStrings() {
    super(String.class);
  }

  /** A fresh table of strings for one load. */
  static Map<String, String> table() {
    return new HashMap<>();
  }

  @Override
  @SuppressWarnings("unchecked")
  public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    String value = StringDeserializer.instance.deserialize(parser, context);
    if (value == null || value.length() > LONGEST) {
      return value;
    }
    Map<String, String> seen = (Map<String, String>) context.getAttribute(SEEN);
    if (seen == null) {
      return value;
    }
    String shared = seen.get(value);
    if (shared != null) {
      return shared;
    }
    if (seen.size() < MOST) {
      seen.put(value, value);
    }
    return value;
  }
}
