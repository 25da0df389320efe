package dev.sluice.bench.suite;

import java.util.ArrayList;
import java.util.List;

/** A finished scenario: what ran, the paired results, and each target's verdict. */
record ScenarioOutcome(Scenario scenario, Settings settings, PairedResults results, List<Judged> targets) {
    /** A target with its verdict. */
    record Judged(Target target, Target.Verdict verdict) {
    }

    ScenarioOutcome {
        targets = List.copyOf(targets);
    }

    /** Judges each target; with {@code judge} false (the smoke profile), only says what was measured. */
    static ScenarioOutcome judge(Scenario scenario, Settings settings, PairedResults results, boolean judge) {
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
        return new ScenarioOutcome(scenario, settings, results, judged);
    }

    /** The first metric: the one charts and the ratio column show. */
    Metric headline() {
        return scenario.metrics().get(0);
    }
}
