package dev.sluice.bench.suite;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Writes what a finished suite run leaves in DIR: summary.json, a chart per scenario, report.md. */
final class SuiteFiles {
    private SuiteFiles() {
    }

    /** Writes them all; returns what could not be written (a chart), so the rest is not lost to it. */
    static List<String> write(ResultsDirectory directory, RunInfo run, List<ScenarioOutcome> outcomes) throws IOException {
        SummaryJson.write(directory.summary(), run.machine(), outcomes);
        List<String> unwritten = new ArrayList<>();
        for (ScenarioOutcome outcome : outcomes) {
            try {
                RatioChart.write(directory, outcome);
            } catch (IOException | RuntimeException | LinkageError e) {
                unwritten.add("chart " + directory.root().relativize(directory.chart(outcome.scenario())) + ": " + e);
            }
        }
        MarkdownReport.write(directory, run, outcomes);
        return unwritten;
    }
}
