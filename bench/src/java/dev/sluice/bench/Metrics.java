package dev.sluice.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figures a benchmark measures itself besides JMH's own score (latency percentiles, CPU seconds,
 * cached bytes). A benchmark records them during an iteration (its {@code @TearDown(Level.Iteration)}
 * at the latest); {@link MetricsProfiler} hands them to JMH as secondary results of that iteration,
 * so they land in JMH's JSON next to the primary score.
 */
public final class Metrics {
    /** One figure: its value and unit. */
    public record Figure(double value, String unit) {
    }

    private static final Map<String, Figure> PENDING = new LinkedHashMap<>();

    private Metrics() {
    }

    /** Records {@code name} for the current iteration (the last value recorded under a name wins). */
    public static synchronized void record(String name, double value, String unit) {
        PENDING.put(name, new Figure(value, unit));
    }

    /** The figures recorded since the last call, and forgets them. */
    static synchronized Map<String, Figure> drain() {
        Map<String, Figure> out = new LinkedHashMap<>(PENDING);
        PENDING.clear();
        return out;
    }
}
