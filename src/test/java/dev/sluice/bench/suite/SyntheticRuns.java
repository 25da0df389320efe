package dev.sluice.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Made-up runs for testing the suite's arithmetic and writers without running JMH. */
final class SyntheticRuns {
    static final Metric TIME = Metric.primary("time per GiB", false);
    static final Metric THROUGHPUT = Metric.secondary("MBps", "throughput", true);
    static final double JMH_ERROR = 0.125;

    private final List<VariantRun> runs = new ArrayList<>();

    static Scenario scenario(List<String> references, List<Target> targets, Metric... metrics) {
        return new Scenario("made-up", "a made-up scenario", Object.class, "run", List.of(metrics), references,
                Map.of(Profile.SMOKE, new Settings(Map.of(Scenario.VARIANT_PARAM, List.of("nio", "sluice")), 1, 1, 0, 1, 1)),
                targets, "Made up for a test.");
    }

    /** A measured run: time in s/op as the primary score, throughput in MB/s as a secondary one. */
    SyntheticRuns measured(int round, String variant, Map<String, String> group, double time, double throughput) {
        Map<String, String> params = new LinkedHashMap<>(group);
        params.put(Scenario.VARIANT_PARAM, variant);
        runs.add(VariantRun.measured(round, params, Map.of(Metric.PRIMARY, new Score(time, JMH_ERROR, "s/op"),
                "MBps", new Score(throughput, Double.NaN, "MB/s"))));
        return this;
    }

    SyntheticRuns measured(int round, String variant, double time) {
        return measured(round, variant, Map.of(), time, 1 / time);
    }

    SyntheticRuns failed(int round, String variant, Map<String, String> group, String why) {
        Map<String, String> params = new LinkedHashMap<>(group);
        params.put(Scenario.VARIANT_PARAM, variant);
        runs.add(VariantRun.failed(round, params, why));
        return this;
    }

    SyntheticRuns failed(int round, String variant, String why) {
        return failed(round, variant, Map.of(), why);
    }

    PairedResults results(Scenario scenario, int rounds) {
        return new PairedResults(scenario, rounds, runs);
    }
}
