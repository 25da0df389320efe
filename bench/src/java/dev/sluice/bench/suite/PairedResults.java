package dev.sluice.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A scenario's runs over all rounds, compared the paired way: within a round and group, each variant
 * against the best reference variant of that same round, and the median of those per-round ratios
 * as the result. The disk drifts more between minutes than variants differ, so comparing medians of
 * scores taken minutes apart would measure the drift.
 */
final class PairedResults implements ScenarioResults {
    private final Scenario scenario;
    private final int rounds;
    private final List<VariantRun> runs;

    PairedResults(Scenario scenario, int rounds, List<VariantRun> runs) {
        this.scenario = scenario;
        this.rounds = rounds;
        this.runs = List.copyOf(runs);
    }

    Scenario scenario() {
        return scenario;
    }

    int rounds() {
        return rounds;
    }

    List<VariantRun> failures() {
        return runs.stream().filter(VariantRun::failed).toList();
    }

    @Override
    public List<Map<String, String>> groups() {
        return List.copyOf(new LinkedHashSet<>(runs.stream().map(VariantRun::group).toList()));
    }

    @Override
    public List<String> variants(Map<String, String> group) {
        return List.copyOf(new LinkedHashSet<>(runs.stream().filter(r -> r.group().equals(group))
                .map(VariantRun::variant).toList()));
    }

    @Override
    public OptionalDouble score(Map<String, String> group, String variant, Metric metric) {
        return present(perRound(group, variant, metric));
    }

    /**
     * The spread of the score: half the range of the per-round scores with two rounds or more, else
     * JMH's own error of the one round; NaN when neither says anything.
     */
    double error(Map<String, String> group, String variant, Metric metric) {
        List<Double> scores = perRound(group, variant, metric).stream().filter(Objects::nonNull).toList();
        if (scores.size() >= 2) {
            return Stats.halfRange(scores);
        }
        return runs.stream().filter(r -> !r.failed() && matches(r, group, variant) && r.scores().containsKey(metric.key()))
                .mapToDouble(r -> r.scores().get(metric.key()).error()).findFirst().orElse(Double.NaN);
    }

    @Override
    public OptionalDouble ratio(Map<String, String> group, String variant, Metric metric) {
        return present(roundRatios(group, variant, metric));
    }

    /**
     * Per round (index 0 is round 1): the variant against the best reference of that round, higher is
     * better; null where the variant or every reference has no score, or the ratio is 0/0. Infinity is
     * kept (a lower-is-better score of 0): it is a real "better than any multiple", though the
     * summary cannot write it as a number.
     */
    List<Double> roundRatios(Map<String, String> group, String variant, Metric metric) {
        return pairedRatios(perRound(group, variant, metric), bestPerRound(group, metric, scenario.references()), metric);
    }

    /**
     * Per round: the variant against the best of the references and the peers measured in the group
     * (NIO, Chronicle Queue, Kafka's log), higher is better; null as in {@link #roundRatios}.
     */
    List<Double> peerRoundRatios(Map<String, String> group, String variant, Metric metric) {
        List<String> candidates = new ArrayList<>(scenario.references());
        variants(group).stream().filter(scenario::isPeer).forEach(candidates::add);
        return pairedRatios(perRound(group, variant, metric), bestPerRound(group, metric, candidates), metric);
    }

    /** The median of {@link #peerRoundRatios}. */
    OptionalDouble peerRatio(Map<String, String> group, String variant, Metric metric) {
        return present(peerRoundRatios(group, variant, metric));
    }

    /**
     * Per round: the variant against its limit ({@link Scenario#limitOf}) in the same round; all null
     * when it has none or the limit was not measured in the group.
     */
    List<Double> limitRoundRatios(Map<String, String> group, String variant, Metric metric) {
        String limit = limitVariant(group, variant);
        return pairedRatios(perRound(group, variant, metric), perRound(group, limit == null ? "" : limit, metric), metric);
    }

    /** The limit variant beside a sluice variant in the group, or null when it has none or none was measured. */
    String limitVariant(Map<String, String> group, String variant) {
        String limit = scenario.limitOf(variant);
        return limit != null && variants(group).contains(limit) ? limit : null;
    }

    /** The median of {@link #limitRoundRatios}. */
    OptionalDouble limitRatio(Map<String, String> group, String variant, Metric metric) {
        return present(limitRoundRatios(group, variant, metric));
    }

    /** Like {@link #ratio(Map, String, Metric)}, but against one named variant, still round by round. */
    @Override
    public OptionalDouble ratio(Map<String, String> group, String variant, String against, Metric metric) {
        return present(pairedRatios(perRound(group, variant, metric), perRound(group, against, metric), metric));
    }

    @Override
    public boolean isBaseline(String variant) {
        return scenario.isBaseline(variant);
    }

    private List<Double> pairedRatios(List<Double> scores, List<Double> references, Metric metric) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Double v = scores.get(r);
            Double ref = references.get(r);
            Double ratio = null;
            if (v != null && ref != null) {
                double x = metric.higherIsBetter() ? v / ref : ref / v;
                ratio = Double.isNaN(x) ? null : x;
            }
            ratios.add(ratio);
        }
        return ratios;
    }

    @Override
    public String unit(Metric metric) {
        return runs.stream().filter(r -> r.scores().containsKey(metric.key()))
                .map(r -> r.scores().get(metric.key()).unit()).findFirst().orElse("");
    }

    /** The variant's score in each round (index 0 is round 1), null where it failed or lacks the metric. */
    List<Double> perRound(Map<String, String> group, String variant, Metric metric) {
        List<Double> scores = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            scores.add(null);
        }
        for (VariantRun run : runs) {
            if (!run.failed() && matches(run, group, variant) && run.scores().containsKey(metric.key())
                    && run.round() >= 1 && run.round() <= rounds) {
                scores.set(run.round() - 1, run.scores().get(metric.key()).value());
            }
        }
        return scores;
    }

    /** Per round, the best score of these variants (by the metric's direction), null where none has one. */
    private List<Double> bestPerRound(Map<String, String> group, Metric metric, List<String> candidates) {
        List<Double> best = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            best.add(null);
        }
        for (String reference : candidates) {
            List<Double> scores = perRound(group, reference, metric);
            for (int r = 0; r < rounds; r++) {
                Double score = scores.get(r);
                Double current = best.get(r);
                if (score != null && (current == null || (metric.higherIsBetter() ? score > current : score < current))) {
                    best.set(r, score);
                }
            }
        }
        return best;
    }

    private static boolean matches(VariantRun run, Map<String, String> group, String variant) {
        return run.variant().equals(variant) && run.group().equals(group);
    }

    private static OptionalDouble present(List<Double> values) {
        List<Double> known = values.stream().filter(Objects::nonNull).toList();
        return known.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(known));
    }
}
