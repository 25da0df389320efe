package dev.sluice.cli;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's number and column formatting, against java.util.Formatter (in the root locale) as the oracle. */
class TextTest {
    @Test
    void oneDecimalRoundsAsPercentPointOneFDoes() {
        double[] edges = {0, 0.04, 0.05, 0.15, 0.25, 0.35, 0.45, 1.05, 2.675, 9.95, 99.95, 99.94999, 100, 1023.95,
                1023.949999, 1e-9, 123456789.25, 4.35, 8.0, 0.95};
        for (double v : edges) {
            assertThat(Text.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
        }
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextDouble() * 1024;
                case 1 -> random.nextInt(100_000) / 1000.0; // many ties at the second decimal
                case 2 -> 100.0 * random.nextInt(1 << 20) / (1 + random.nextInt(1 << 20));
                default -> Math.round(random.nextDouble() * 10_000) / 100.0 + 0.05;
            };
            assertThat(Text.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
        }
        assertThat(Text.oneDecimal(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void leftPadsToTheWidthAndNeverCuts() {
        assertThat(Text.left("ab", 5)).isEqualTo(String.format("%-5s", "ab"));
        assertThat(Text.left("abcdef", 3)).isEqualTo("abcdef");
        assertThat(Text.left("", 2)).isEqualTo("  ");
    }

    @Test
    void sizesForPeopleAreAsBefore() {
        assertThat(Sizes.human(100)).isEqualTo("100 B");
        assertThat(Sizes.human(8192)).isEqualTo("8.0 KiB");
        assertThat(Sizes.human(1536L << 20)).isEqualTo("1.5 GiB");
        assertThat(Sizes.human(1023 * 1024 + 1000)).isEqualTo(String.format(Locale.ROOT, "%.1f KiB", (1023 * 1024 + 1000) / 1024.0));
        assertThat(Sizes.human(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }
}
