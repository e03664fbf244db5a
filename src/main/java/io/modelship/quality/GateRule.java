package io.modelship.quality;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One comparison of a quality gate, as {@code .modelship.yaml} declares it: a metric against a
 * number ({@code accuracy >= 0.9}) or against the same metric of the model in production, with an
 * optional margin ({@code accuracy >= production - 0.01}: no worse than production by more than
 * 0.01).
 *
 * @param metric the metric's name in the metrics file
 * @param operator one of {@code >=}, {@code >}, {@code <=}, {@code <}
 * @param threshold the number to compare with; null when compared with production
 * @param margin added to production's value (negative for "minus"); null when absolute
 */
public record GateRule(String metric, String operator, BigDecimal threshold, BigDecimal margin) {

  private static final String NUMBER = "[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?";
  private static final Pattern RULE =
      Pattern.compile(
          "\\s*([A-Za-z_][A-Za-z0-9_.-]{0,99})\\s*(>=|<=|>|<)\\s*(?:(-?"
              + NUMBER
              + ")|production(?:\\s*([+-])\\s*("
              + NUMBER
              + "))?)\\s*");

  /**
   * Parses one comparison.
   *
   * @throws IllegalArgumentException saying what the syntax is when the text does not follow it
   */
  public static GateRule parse(String text) {
    Matcher m = RULE.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a comparison such as 'accuracy >= 0.9' or 'accuracy >= production - 0.01' (a metric"
              + " name, one of >= > <= <, then a number or 'production' with an optional + or -"
              + " margin), but it was '"
              + text
              + "'");
    }
    if (m.group(3) != null) {
      return new GateRule(m.group(1), m.group(2), new BigDecimal(m.group(3)), null);
    }
    BigDecimal margin = m.group(5) == null ? BigDecimal.ZERO : new BigDecimal(m.group(5));
    return new GateRule(
        m.group(1), m.group(2), null, "-".equals(m.group(4)) ? margin.negate() : margin);
  }

  public boolean relative() {
    return threshold == null;
  }

  /**
   * Checks the rule; the answer's reason shows the numbers, e.g. "accuracy 0.87 >= 0.9 failed".
   *
   * @param production production's value of the metric; empty when nothing or no such metric runs
   *     there (a relative rule then holds: there is nothing to be worse than)
   */
  public GateVerdict check(Optional<BigDecimal> candidate, Optional<BigDecimal> production) {
    if (candidate.isEmpty()) {
      return new GateVerdict(false, metric + " missing from the metrics file");
    }
    BigDecimal value = candidate.get();
    BigDecimal bound;
    String shown;
    if (relative()) {
      if (production.isEmpty()) {
        return new GateVerdict(
            true, metric + " " + plain(value) + ": no production value to compare with");
      }
      bound = production.get().add(margin);
      shown =
          "production "
              + plain(production.get())
              + (margin.signum() == 0
                  ? ""
                  : (margin.signum() < 0 ? " - " : " + ") + plain(margin.abs()));
    } else {
      bound = threshold;
      shown = plain(threshold);
    }
    int cmp = value.compareTo(bound);
    boolean holds =
        switch (operator) {
          case ">=" -> cmp >= 0;
          case ">" -> cmp > 0;
          case "<=" -> cmp <= 0;
          default -> cmp < 0;
        };
    return new GateVerdict(
        holds,
        String.format(
            Locale.ROOT,
            "%s %s %s %s%s",
            metric,
            plain(value),
            operator,
            shown,
            holds ? "" : " failed"));
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }
}
