package dev.sluice.bench.suite;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** Numbers as the report and the console print them: a few significant digits, "n/a" when undefined. */
final class Figures {
    static final String NOT_AVAILABLE = "n/a";

    private Figures() {
    }

    static String number(double x) {
        return Double.isFinite(x) ? fixed(x, decimals(x)) : NOT_AVAILABLE;
    }

    /** "12.3 ± 0.4 ns/op": the error to the score's precision, left out when unknown. */
    static String score(OptionalDouble score, double error, String unit) {
        if (score.isEmpty()) {
            return NOT_AVAILABLE;
        }
        double value = score.getAsDouble();
        if (!Double.isFinite(value)) {
            return NOT_AVAILABLE;
        }
        int decimals = value == 0 && Double.isFinite(error) ? decimals(error) : decimals(value);
        String text = fixed(value, decimals) + (Double.isFinite(error) ? " ± " + fixed(error, decimals) : "");
        return unit.isEmpty() ? text : text + " " + unit;
    }

    /** Decimals for about three significant digits, none from 1000 on. */
    private static int decimals(double x) {
        double abs = Math.abs(x);
        if (abs >= 1000 || abs == 0) {
            return 0;
        }
        return Math.max(0, 2 - (int) Math.floor(Math.log10(abs)));
    }

    private static String fixed(double x, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    static String ratio(OptionalDouble ratio) {
        return ratio.isPresent() ? ratio(ratio.getAsDouble()) : NOT_AVAILABLE;
    }

    static String ratio(Double ratio) {
        return ratio == null || !Double.isFinite(ratio) ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /** "12%": a share in percent, to the nearest whole; "n/a" when unknown. */
    static String percent(double percent) {
        return Double.isFinite(percent) ? String.format(Locale.ROOT, "%.0f%%", percent) : NOT_AVAILABLE;
    }

    /** "1.02, n/a, 0.98": each round's ratio. */
    static String rounds(List<Double> ratios) {
        return ratios.stream().map(r -> r == null || !Double.isFinite(r) ? NOT_AVAILABLE
                : String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(", "));
    }
}
