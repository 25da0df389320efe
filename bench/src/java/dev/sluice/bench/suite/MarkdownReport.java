package dev.sluice.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * report.md: how the run was made (the disk's speed at its start included), then per scenario a table
 * of every variant (scores; ratios to the best NIO reference, to the best of NIO and the peers, and
 * to the limit, each with its per-round ratios), the failures, the targets' verdicts and the chart.
 */
final class MarkdownReport {
    private final StringBuilder out = new StringBuilder();

    private MarkdownReport() {
    }

    static void write(ResultsDirectory directory, RunInfo run, List<ScenarioOutcome> outcomes) throws IOException {
        Files.writeString(directory.report(), render(directory, run, outcomes), StandardCharsets.UTF_8);
    }

    static String render(ResultsDirectory directory, RunInfo run, List<ScenarioOutcome> outcomes) {
        MarkdownReport report = new MarkdownReport();
        report.header(run);
        for (ScenarioOutcome outcome : outcomes) {
            report.scenario(outcome, directory);
        }
        return report.out.toString();
    }

    private void header(RunInfo run) {
        Machine m = run.machine();
        line("# sluice benchmark report");
        line("");
        line("- date: " + run.started().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")));
        line("- profile: " + run.profile().name().toLowerCase());
        line("- command: `" + run.commandLine() + "`");
        line("- duration: " + Progress.format(run.duration()));
        line("- machine: Linux " + m.kernel() + ", " + m.cores() + " cores (" + m.cpu() + "), " + m.memory() + " memory");
        line("- JDK: " + m.jdk());
        line("- read_ahead_kb of the disk holding these results (and the benchmarks' files): " + m.readAhead());
        line("- disk at the start of the run (the limit program, `bench/src/c/sluice-limit.c`): " + m.disk().describe());
        line("- files: `summary.json`; JMH's own JSON and text output per scenario and round in `jmh/`; charts in `charts/`");
        line("");
        line("How to read the ratios: each round runs every variant of a scenario back to back; in each round a "
                + "variant's score is divided by the best reference (NIO) variant's score of the same round and "
                + "parameters, inverted for figures where lower is better, so above 1.00x is always better than NIO. "
                + "The ratio shown is the median over rounds, followed by each round's ratio. Scores are the median "
                + "over rounds ± half their range (JMH's 99.9% error with one round).");
        line("");
        line("Each sluice row also has a ratio **vs best peer**, against the best of NIO and the peers (*(peer)*: "
                + "Chronicle Queue, Kafka's own log segment) in the same round, and a ratio **vs limit**, against the "
                + "C program making the same system calls (*(limit)*, `limit-X` beside `sluice-X`) in the same "
                + "round: 1.00x there means sluice got everything the lever gives on this disk at that minute. "
                + "Reference rows (baseline, peer, limit) show only their ratio vs NIO.");
    }

    private void scenario(ScenarioOutcome outcome, ResultsDirectory layout) {
        Scenario scenario = outcome.scenario();
        PairedResults results = outcome.results();
        Settings settings = outcome.settings();
        line("");
        line("## " + scenario.name());
        line("");
        line(scenario.title());
        if (!scenario.notes().isBlank()) {
            line("");
            line(scenario.notes());
        }
        line("");
        line(String.format("Runs: %d round(s), each %d fork(s) of %d warmup + %d measured iteration(s) (%d s each when timed); "
                        + "reference: the best of %s.", results.rounds(), settings.forks(), settings.warmups(),
                settings.iterations(), settings.iterationSeconds(),
                scenario.references().stream().map(r -> "`" + r + "`").collect(Collectors.joining(", "))));
        line("");
        line("CPU steal per round (the share of the cores' time the host ran something else, from /proc/stat; "
                + "the host's handling of this VM's I/O slows with it): "
                + outcome.stealPercent().stream().map(Figures::percent).collect(Collectors.joining(", ")) + ".");
        line("");
        table(outcome);
        failures(results);
        targets(outcome);
        line("");
        line("![" + scenario.name() + "](" + relative(layout, layout.chart(scenario)) + ")");
    }

    private void table(ScenarioOutcome outcome) {
        Scenario scenario = outcome.scenario();
        PairedResults results = outcome.results();
        Metric headline = outcome.headline();
        StringBuilder head = new StringBuilder("| variant | params |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (Metric metric : scenario.metrics()) {
            head.append(' ').append(cell(metric.label())).append(" |");
            rule.append("---:|");
        }
        line(head + " ratio vs NIO (" + cell(headline.label()) + "), per round | vs best peer, per round"
                + " | vs limit, per round |");
        line(rule + "---|---|---|");
        for (Map<String, String> group : results.groups()) {
            for (String variant : results.variants(group)) {
                StringBuilder row = new StringBuilder("| ").append(cell(variant))
                        .append(marker(scenario, variant)).append(" | ")
                        .append(group.isEmpty() ? "–" : cell(Progress.describe(group))).append(" |");
                for (Metric metric : scenario.metrics()) {
                    row.append(' ').append(cell(Figures.score(results.score(group, variant, metric),
                            results.error(group, variant, metric), results.unit(metric)))).append(" |");
                }
                row.append(' ').append(Figures.ratio(results.ratio(group, variant, headline)))
                        .append(" (").append(Figures.rounds(results.roundRatios(group, variant, headline))).append(") |");
                if (scenario.isBaseline(variant)) {
                    row.append(" – | – |");
                } else {
                    row.append(' ').append(Figures.ratio(results.peerRatio(group, variant, headline)))
                            .append(" (").append(Figures.rounds(results.peerRoundRatios(group, variant, headline)))
                            .append(") |");
                    String limit = results.limitVariant(group, variant);
                    row.append(' ').append(limit == null ? "no limit"
                            : Figures.ratio(results.limitRatio(group, variant, headline)) + " ("
                            + Figures.rounds(results.limitRoundRatios(group, variant, headline)) + ")").append(" |");
                }
                line(row.toString());
            }
        }
        if (results.groups().isEmpty()) {
            line("| *nothing ran* | | " + "| ".repeat(scenario.metrics().size()) + "| | |");
        }
    }

    private void failures(PairedResults results) {
        List<VariantRun> failures = results.failures();
        if (failures.isEmpty()) {
            return;
        }
        line("");
        line("Failed runs:");
        line("");
        for (VariantRun run : failures) {
            line("- " + run.variant() + (run.group().isEmpty() ? "" : " (" + Progress.describe(run.group()) + ")")
                    + ", round " + run.round() + ": `" + run.failure().replace("`", "'") + "`");
        }
    }

    private void targets(ScenarioOutcome outcome) {
        if (outcome.targets().isEmpty()) {
            return;
        }
        line("");
        line("Targets:");
        line("");
        for (ScenarioOutcome.Judged judged : outcome.targets()) {
            line("- " + verdict(judged.verdict()) + " — " + judged.target().text() + " — " + judged.verdict().measured());
            if (Boolean.FALSE.equals(judged.verdict().met()) && !judged.target().whyMissed().isEmpty()) {
                line("  - why: " + judged.target().whyMissed());
            }
        }
    }

    /** What a reference row is, after its name. */
    static String marker(Scenario scenario, String variant) {
        if (scenario.isPeer(variant)) {
            return " *(peer)*";
        }
        if (scenario.isLimit(variant)) {
            return " *(limit)*";
        }
        return scenario.isBaseline(variant) ? " *(baseline)*" : "";
    }

    static String verdict(Target.Verdict verdict) {
        if (!verdict.judged()) {
            return "➖ not judged (smoke: figures mean nothing)";
        }
        if (verdict.met() == null) {
            return "❔ unknown";
        }
        return verdict.met() ? "✅ met" : "❌ missed";
    }

    private static String relative(ResultsDirectory layout, Path file) {
        return layout.root().relativize(file).toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
