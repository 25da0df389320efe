package dev.sluice.bench.suite;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One variant in one group in one round: its JMH parameters and either its scores (keyed by
 * {@link Metric#key()}: {@link Metric#PRIMARY} or a secondary result's label) or why it failed.
 */
record VariantRun(int round, Map<String, String> params, Map<String, Score> scores, String failure) {
    VariantRun {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        scores = Map.copyOf(scores);
    }

    static VariantRun measured(int round, Map<String, String> params, Map<String, Score> scores) {
        return new VariantRun(round, params, scores, null);
    }

    static VariantRun failed(int round, Map<String, String> params, String failure) {
        return new VariantRun(round, params, Map.of(), failure);
    }

    String variant() {
        return params.getOrDefault(Scenario.VARIANT_PARAM, "");
    }

    /** The parameters other than the variant: which variants this one is compared with. */
    Map<String, String> group() {
        Map<String, String> group = new LinkedHashMap<>(params);
        group.remove(Scenario.VARIANT_PARAM);
        return Collections.unmodifiableMap(group);
    }

    boolean failed() {
        return failure != null;
    }
}
