package dev.sluice.bench.suite;

/**
 * One figure a scenario reports per variant.
 *
 * @param key {@link #PRIMARY} for JMH's primary score, else the label of a secondary result
 *            (one a benchmark recorded through {@code dev.sluice.bench.Metrics})
 * @param label what the report calls it, e.g. "time per GiB", "p99.9"
 * @param higherIsBetter true for throughputs, false for times and cached bytes; ratios to the NIO
 *                       baseline are always "higher is better", so lower-is-better figures are inverted
 */
public record Metric(String key, String label, boolean higherIsBetter) {
    public static final String PRIMARY = "primary";

    public static Metric primary(String label, boolean higherIsBetter) {
        return new Metric(PRIMARY, label, higherIsBetter);
    }

    public static Metric secondary(String key, String label, boolean higherIsBetter) {
        return new Metric(key, label, higherIsBetter);
    }

    public boolean isPrimary() {
        return PRIMARY.equals(key);
    }
}
