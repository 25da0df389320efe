package dev.sluice.bench.suite;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the selected scenarios in catalog order, round by round: each round is one JMH run of every
 * variant of the scenario back to back, so that each round's variants see the same disk and the
 * per-round ratios can be paired.
 */
final class SuiteRunner {
    private final Profile profile;
    private final ResultsDirectory directory;
    private final Progress progress;

    SuiteRunner(Profile profile, ResultsDirectory directory, Progress progress) {
        this.profile = profile;
        this.directory = directory;
        this.progress = progress;
    }

    List<ScenarioOutcome> run(List<Scenario> scenarios) throws IOException {
        scenarios.forEach(this::settings); // a catalog mistake fails now, not after the scenarios before it
        List<ScenarioOutcome> outcomes = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            outcomes.add(run(scenario, outcomes.size() + 1, scenarios.size()));
        }
        return outcomes;
    }

    private ScenarioOutcome run(Scenario scenario, int index, int count) throws IOException {
        Settings settings = settings(scenario);
        progress.scenarioStarted(index, count, scenario, settings, JmhRound.combinations(settings.params()).size());
        JmhRound jmh = new JmhRound(scenario, settings, directory, progress);
        List<VariantRun> runs = new ArrayList<>();
        List<Double> steal = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            progress.roundStarted(round);
            CpuSteal.Sample before = CpuSteal.now();
            runs.addAll(jmh.run(round));
            steal.add(CpuSteal.now().percentSince(before));
            progress.roundFinished(steal.getLast());
        }
        ScenarioOutcome outcome = ScenarioOutcome.judge(scenario, settings,
                new PairedResults(scenario, settings.rounds(), runs), steal, profile != Profile.SMOKE);
        progress.scenarioFinished(outcome);
        return outcome;
    }

    private Settings settings(Scenario scenario) {
        Settings settings = scenario.settings(profile);
        if (settings == null) {
            throw new IllegalStateException(scenario.name() + " has no settings for the " + profile.name().toLowerCase()
                    + " profile");
        }
        return settings;
    }
}
