package dev.sluice.bench.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * A finished scenario: what ran, the paired results, each target's verdict, and the CPU steal of each
 * round in percent of the cores' time (NaN where unknown; {@link CpuSteal}).
 */
record ScenarioOutcome(Scenario scenario, Settings settings, PairedResults results, List<Judged> targets,
                       List<Double> stealPercent) {
    /** A target with its verdict. */
    record Judged(Target target, Target.Verdict verdict) {
    }

    ScenarioOutcome {
        targets = List.copyOf(targets);
        stealPercent = List.copyOf(stealPercent);
    }

    /** Judges each target; with {@code judge} false (the smoke profile), only says what was measured. */
    static ScenarioOutcome judge(Scenario scenario, Settings settings, PairedResults results, List<Double> stealPercent,
                                 boolean judge) {
        List<Judged> judged = new ArrayList<>();
        for (Target target : scenario.targets()) {
            Target.Verdict verdict;
            try {
                verdict = target.judge(results);
            } catch (RuntimeException e) {
                verdict = Target.Verdict.unknown("could not judge: " + e);
            }
            judged.add(new Judged(target, judge ? verdict : Target.Verdict.notJudged(verdict.measured())));
        }
        return new ScenarioOutcome(scenario, settings, results, judged, stealPercent);
    }

    /** The first metric: the one charts and the ratio column show. */
    Metric headline() {
        return scenario.metrics().get(0);
    }
}
