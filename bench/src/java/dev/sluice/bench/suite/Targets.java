package dev.sluice.bench.suite;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/** The kinds of target the scenarios use. */
final class Targets {
    private Targets() {
    }

    /** The best sluice variant in each matching group reaches {@code atLeast} times the reference. */
    static Target bestRatioAtLeast(String text, Metric metric, Predicate<Map<String, String>> groups, double atLeast) {
        return new Target() {
            @Override
            public String text() {
                return text;
            }

            @Override
            public Verdict judge(ScenarioResults r) {
                StringBuilder measured = new StringBuilder();
                boolean met = true;
                boolean any = false;
                for (Map<String, String> group : r.groups()) {
                    if (!groups.test(group)) {
                        continue;
                    }
                    String best = null;
                    double bestRatio = 0;
                    for (String v : r.variants(group)) {
                        OptionalDouble ratio = r.ratio(group, v, metric);
                        if (!v.startsWith(Scenario.BASELINE_PREFIX) && ratio.isPresent() && ratio.getAsDouble() > bestRatio) {
                            best = v;
                            bestRatio = ratio.getAsDouble();
                        }
                    }
                    if (best == null) {
                        return Verdict.unknown("no sluice result in " + group);
                    }
                    any = true;
                    met &= bestRatio >= atLeast;
                    measured.append(measured.isEmpty() ? "" : "; ").append(describe(group))
                            .append(String.format("%.2fx (%s)", bestRatio, best));
                }
                return any ? Verdict.of(met, measured.toString()) : Verdict.unknown("no group measured");
            }
        };
    }

    /** One variant's ratio to the reference is at least {@code atLeast} (at most, for {@code atMost}) in every group. */
    static Target ratioAtLeast(String text, Metric metric, String variant, double atLeast) {
        return ratioBound(text, metric, variant, atLeast, true);
    }

    static Target ratioAtMost(String text, Metric metric, String variant, double atMost) {
        return ratioBound(text, metric, variant, atMost, false);
    }

    private static Target ratioBound(String text, Metric metric, String variant, double bound, boolean lower) {
        return new Target() {
            @Override
            public String text() {
                return text;
            }

            @Override
            public Verdict judge(ScenarioResults r) {
                StringBuilder measured = new StringBuilder();
                boolean met = true;
                for (Map<String, String> group : r.groups()) {
                    OptionalDouble ratio = r.ratio(group, variant, metric);
                    if (ratio.isEmpty()) {
                        return Verdict.unknown(variant + " has no result in " + describe(group));
                    }
                    double x = ratio.getAsDouble();
                    met &= lower ? x >= bound : x <= bound;
                    measured.append(measured.isEmpty() ? "" : "; ").append(describe(group))
                            .append(String.format("%.2fx", x));
                }
                return Verdict.of(met, variant + ": " + measured);
            }
        };
    }

    /** A variant's score is at most {@code maxDifference} (in the metric's unit) above another's. */
    static Target scoreWithin(String text, Metric metric, String variant, String reference, double maxDifference) {
        return new Target() {
            @Override
            public String text() {
                return text;
            }

            @Override
            public Verdict judge(ScenarioResults r) {
                for (Map<String, String> group : r.groups()) {
                    OptionalDouble v = r.score(group, variant, metric);
                    OptionalDouble ref = r.score(group, reference, metric);
                    if (v.isEmpty() || ref.isEmpty()) {
                        return Verdict.unknown("missing " + variant + " or " + reference);
                    }
                    double diff = v.getAsDouble() - ref.getAsDouble();
                    return Verdict.of(diff <= maxDifference, String.format("%+.1f %s (%.1f vs %.1f)", diff,
                            r.unit(metric), v.getAsDouble(), ref.getAsDouble()));
                }
                return Verdict.unknown("no group measured");
            }
        };
    }

    static String describe(Map<String, String> group) {
        return group.isEmpty() ? "" : group.toString().replaceAll("[{}]", "") + ": ";
    }
}
