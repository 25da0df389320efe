package dev.sluice.bench.suite;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One benchmark scenario of the suite: a JMH benchmark class whose {@code @Param("variant")} names
 * the variants. Variants whose name starts with {@code nio} are the NIO baselines (as are the
 * reference variants); {@code peer-...} ones are the peers a user would also consider (Chronicle
 * Queue, Kafka's log); {@code limit-...} ones are the C program making a sluice variant's system
 * calls, {@code limit-X} beside {@code sluice-X}; the others are sluice's. Every other {@code @Param}
 * forms groups (e.g. record size), and variants are compared only within their group.
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
    /** The prefix of a peer variant's name. */
    public static final String PEER_PREFIX = "peer-";
    /** The prefix of a limit variant's name. */
    public static final String LIMIT_PREFIX = "limit-";
    /** The prefix of a sluice variant that may have a limit beside it. */
    public static final String SLUICE_PREFIX = "sluice-";

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

    /**
     * Whether a variant is not sluice's own: a NIO baseline or reference (the raw handle for syscall
     * overhead), a peer or a limit. Targets judge only the others.
     */
    public boolean isBaseline(String variant) {
        return isNio(variant) || isPeer(variant) || isLimit(variant);
    }

    /** Whether a variant is a NIO baseline or one of the references. */
    public boolean isNio(String variant) {
        return variant.startsWith(BASELINE_PREFIX) || references.contains(variant);
    }

    /** Whether a variant is a peer ({@code peer-...}). */
    public boolean isPeer(String variant) {
        return variant.startsWith(PEER_PREFIX);
    }

    /** Whether a variant is a limit ({@code limit-...}). */
    public boolean isLimit(String variant) {
        return variant.startsWith(LIMIT_PREFIX);
    }

    /** The limit variant that makes a sluice variant's system calls ({@code limit-X} for {@code sluice-X}), or null. */
    public String limitOf(String variant) {
        return variant.startsWith(SLUICE_PREFIX) && !isBaseline(variant)
                ? LIMIT_PREFIX + variant.substring(SLUICE_PREFIX.length()) : null;
    }

    public Settings settings(Profile profile) {
        return settings.get(profile);
    }

    /** The JMH include pattern that selects exactly this scenario's benchmark method. */
    public String include() {
        return "^" + benchmark.getName().replace(".", "\\.") + "\\." + method + "$";
    }
}
