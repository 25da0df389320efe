package dev.sluice.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers and columns for the tables a tuning engineer runs in a loop ({@code cache stat}), without
 * {@link java.util.Formatter}: its first {@code %.1f} loads the JDK's locale data, tens of
 * milliseconds of a command that should take a few hundred. The decimal point is always '.'.
 */
final class Text {
    private Text() {
    }

    /** {@code value} with one decimal, rounded half up as {@code %.1f} rounds: 0.15 is "0.2". */
    static String oneDecimal(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        // %.1f rounds the shortest decimal that reads back as the double, not its binary value
        return new BigDecimal(Double.toString(value)).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** {@code text} padded with spaces to {@code width} (never cut), as {@code %-Ns} does. */
    static String left(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
