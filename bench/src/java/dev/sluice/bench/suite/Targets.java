package dev.sluice.bench.suite;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/** The kinds of target the scenarios use; each is judged in every group it applies to. */
final class Targets {
    private Targets() {
    }

    /** What one group says about a target: met or not (null: cannot tell), and the figures. */
    private record GroupVerdict(Boolean met, String measured) {
    }

    private interface GroupCheck {
        GroupVerdict judge(ScenarioResults r, Map<String, String> group);
    }

    static Predicate<Map<String, String>> everyGroup() {
        return g -> true;
    }

    static Predicate<Map<String, String>> where(String param, String... values) {
        List<String> accepted = List.of(values);
        return g -> accepted.contains(g.get(param));
    }

    /** The best sluice variant reaches {@code atLeast} times the scenario's reference. */
    static Target bestRatioAtLeast(String text, Metric metric, Predicate<Map<String, String>> groups, double atLeast) {
        return target(text, groups, (r, group) -> {
            String best = null;
            double bestRatio = 0;
            for (String v : r.variants(group)) {
                OptionalDouble ratio = r.ratio(group, v, metric);
                if (!r.isBaseline(v) && ratio.isPresent() && ratio.getAsDouble() > bestRatio) {
                    best = v;
                    bestRatio = ratio.getAsDouble();
                }
            }
            return best == null ? new GroupVerdict(null, "no sluice result")
                    : new GroupVerdict(bestRatio >= atLeast, String.format("%.2fx (%s)", bestRatio, best));
        });
    }

    /** {@code variant} against a named baseline: at least {@code bound} times as good (higher is better). */
    static Target ratioAgainstAtLeast(String text, Metric metric, String variant, String against,
                                      Predicate<Map<String, String>> groups, double bound) {
        return target(text, groups, (r, group) -> {
            OptionalDouble ratio = r.ratio(group, variant, against, metric);
            return ratio.isEmpty() ? new GroupVerdict(null, variant + " or " + against + " missing")
                    : new GroupVerdict(ratio.getAsDouble() >= bound,
                            String.format("%s %.2fx %s", variant, ratio.getAsDouble(), against));
        });
    }

    /**
     * Each of {@code variants} scores at most {@code fraction} of {@code against}'s score (for figures
     * where less is better and zero is possible, such as bytes left cached).
     */
    static Target scoreFractionAtMost(String text, Metric metric, List<String> variants, String against,
                                      Predicate<Map<String, String>> groups, double fraction) {
        return target(text, groups, (r, group) -> {
            OptionalDouble base = r.score(group, against, metric);
            if (base.isEmpty() || base.getAsDouble() <= 0) {
                return new GroupVerdict(null, against + " missing or zero");
            }
            boolean met = true;
            StringBuilder measured = new StringBuilder();
            for (String v : variants) {
                OptionalDouble score = r.score(group, v, metric);
                if (score.isEmpty()) {
                    return new GroupVerdict(null, v + " missing");
                }
                double f = score.getAsDouble() / base.getAsDouble();
                met &= f <= fraction;
                measured.append(measured.isEmpty() ? "" : ", ").append(String.format("%s %.1f%%", v, 100 * f));
            }
            return new GroupVerdict(met, measured + String.format(" of %s (%.1f %s)", against, base.getAsDouble(),
                    r.unit(metric)));
        });
    }

    /** The best sluice variant scores at least {@code bound} (a figure where higher is better). */
    static Target bestScoreAtLeast(String text, Metric metric, Predicate<Map<String, String>> groups, double bound) {
        return target(text, groups, (r, group) -> {
            String best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (String v : r.variants(group)) {
                OptionalDouble score = r.score(group, v, metric);
                if (!r.isBaseline(v) && score.isPresent() && score.getAsDouble() > bestScore) {
                    best = v;
                    bestScore = score.getAsDouble();
                }
            }
            return best == null ? new GroupVerdict(null, "no sluice result")
                    : new GroupVerdict(bestScore >= bound, String.format("%.1f %s (%s)", bestScore, r.unit(metric), best));
        });
    }

    /** A variant's score is at most {@code bound}, in the metric's unit (a figure where less is better). */
    static Target scoreAtMost(String text, Metric metric, String variant, double bound) {
        return target(text, everyGroup(), (r, group) -> {
            OptionalDouble score = r.score(group, variant, metric);
            return score.isEmpty() ? new GroupVerdict(null, variant + " missing")
                    : new GroupVerdict(score.getAsDouble() <= bound,
                            String.format("%.0f %s (%s)", score.getAsDouble(), r.unit(metric), variant));
        });
    }

    /** A variant's score is at most {@code maxDifference} (in the metric's unit) above another's. */
    static Target scoreWithin(String text, Metric metric, String variant, String reference, double maxDifference) {
        return target(text, everyGroup(), (r, group) -> {
            OptionalDouble v = r.score(group, variant, metric);
            OptionalDouble ref = r.score(group, reference, metric);
            if (v.isEmpty() || ref.isEmpty()) {
                return new GroupVerdict(null, "missing " + variant + " or " + reference);
            }
            double diff = v.getAsDouble() - ref.getAsDouble();
            return new GroupVerdict(diff <= maxDifference, String.format("%+.1f %s (%.1f vs %.1f)", diff,
                    r.unit(metric), v.getAsDouble(), ref.getAsDouble()));
        });
    }

    /** A target met when every matching group meets it; unknown when a group cannot tell or none matched. */
    private static Target target(String text, Predicate<Map<String, String>> groups, GroupCheck check) {
        return new Target() {
            @Override
            public String text() {
                return text;
            }

            @Override
            public Verdict judge(ScenarioResults r) {
                StringBuilder measured = new StringBuilder();
                Boolean met = null;
                for (Map<String, String> group : r.groups()) {
                    if (!groups.test(group)) {
                        continue;
                    }
                    GroupVerdict v = check.judge(r, group);
                    measured.append(measured.isEmpty() ? "" : "; ").append(describe(group, r.groups()))
                            .append(v.measured());
                    if (v.met() == null) {
                        return Verdict.unknown(measured.toString());
                    }
                    met = (met == null || met) && v.met();
                }
                return met == null ? Verdict.unknown("no group measured") : new Verdict(met, measured.toString());
            }
        };
    }

    /** The group's parameters that differ between groups (the constant ones say nothing), as "a=1, b=2: ". */
    static String describe(Map<String, String> group, List<Map<String, String>> all) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(group).entrySet()) {
            boolean varies = all.stream().anyMatch(g -> !e.getValue().equals(g.get(e.getKey())));
            if (varies) {
                out.append(out.isEmpty() ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return out.isEmpty() ? "" : out + ": ";
    }
}
