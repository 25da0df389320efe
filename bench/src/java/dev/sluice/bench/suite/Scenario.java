package dev.sluice.bench.suite;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One benchmark scenario of the suite: a JMH benchmark class whose {@code @Param("variant")} names
 * the variants. Variants whose name starts with {@code nio} are the NIO baselines (as are the
 * reference variants); the others are sluice's. Every other {@code @Param} forms groups (e.g. record size), and variants are compared
 * only within their group.
 *
 * @param name the scenario's name on the command line and in the report, e.g. {@code append-durable}
 * @param title one line saying what is measured
 * @param benchmark the JMH benchmark class
 * @param method the {@code @Benchmark} method to run (one per scenario)
 * @param metrics what the report shows per variant; the first is the headline (charts, README)
 * @param references the baseline variants each variant is compared with: per round and group, the best of
 *                   these (by each metric's direction) is the reference, so a sluice variant must beat
 *                   the strongest NIO code measured, not the weakest
 * @param settings how it runs under each profile
 * @param targets what the results are judged against
 * @param notes set-up facts the report states (e.g. how footprint is measured), or empty
 */
public record Scenario(String name, String title, Class<?> benchmark, String method, List<Metric> metrics,
                       List<String> references, Map<Profile, Settings> settings, List<Target> targets, String notes) {
    public static final String VARIANT_PARAM = "variant";
    public static final String BASELINE_PREFIX = "nio";

    public Scenario {
        Objects.requireNonNull(name);
        metrics = List.copyOf(metrics);
        references = List.copyOf(references);
        settings = Map.copyOf(settings);
        targets = List.copyOf(targets);
        if (metrics.isEmpty() || references.isEmpty()) {
            throw new IllegalArgumentException(name + ": needs at least one metric and one reference variant");
        }
    }

    /** Whether a variant is a baseline: a NIO one, or a reference (the raw handle for syscall overhead). */
    public boolean isBaseline(String variant) {
        return variant.startsWith(BASELINE_PREFIX) || references.contains(variant);
    }

    public Settings settings(Profile profile) {
        return settings.get(profile);
    }

    /** The JMH include pattern that selects exactly this scenario's benchmark method. */
    public String include() {
        return "^" + benchmark.getName().replace(".", "\\.") + "\\." + method + "$";
    }
}
