package dev.sluice.bench.suite;

import dev.sluice.bench.MetricsProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One round of one scenario: a single JMH run covering every variant and group back to back, with
 * its raw JSON and text log kept. A run that fails is recorded with the first line of its error and
 * the others go on.
 */
final class JmhRound {
    private final Scenario scenario;
    private final Settings settings;
    private final ResultsDirectory directory;
    private final Progress progress;

    JmhRound(Scenario scenario, Settings settings, ResultsDirectory directory, Progress progress) {
        this.scenario = scenario;
        this.settings = settings;
        this.directory = directory;
        this.progress = progress;
    }

    List<VariantRun> run(int round) throws IOException {
        Files.createDirectories(directory.jmhJson(scenario, round).getParent());
        Files.createDirectories(directory.data());
        Collection<RunResult> results = List.of();
        String whyJmhStopped = null;
        RoundOutput output;
        try (PrintStream log = new PrintStream(Files.newOutputStream(directory.jmhLog(scenario, round)), true,
                StandardCharsets.UTF_8)) {
            output = new RoundOutput(log, progress);
            try {
                results = new Runner(options(round).build(), output).run();
            } catch (RunnerException | RuntimeException e) {
                whyJmhStopped = firstLine(e);
                log.println("sluice bench: JMH stopped: " + e);
            }
        }
        return collect(round, output.started(), results, whyJmhStopped);
    }

    private ChainedOptionsBuilder options(int round) {
        TimeValue iteration = TimeValue.seconds(settings.iterationSeconds());
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(scenario.include())
                .forks(settings.forks())
                .warmupIterations(settings.warmups())
                .warmupTime(iteration)
                .measurementIterations(settings.iterations())
                .measurementTime(iteration)
                .jvmArgsAppend(ForkArguments.of(scenario, directory.data()).toArray(String[]::new))
                .addProfiler(MetricsProfiler.class)
                .shouldFailOnError(false)
                .shouldDoGC(true)
                .verbosity(VerboseMode.NORMAL)
                .resultFormat(ResultFormatType.JSON)
                .result(directory.jmhJson(scenario, round).toString());
        settings.params().forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
        return options;
    }

    /** Every run of the round: measured, failed, or (when JMH stopped early) never started. */
    private List<VariantRun> collect(int round, List<RoundOutput.Started> started, Collection<RunResult> results,
                                     String whyJmhStopped) {
        Map<Map<String, String>, RunResult> byParams = new HashMap<>();
        for (RunResult result : results) {
            byParams.put(RoundOutput.params(result.getParams()), result);
        }
        List<VariantRun> runs = new ArrayList<>();
        for (RoundOutput.Started run : started) {
            RunResult result = byParams.get(run.params);
            if (result != null) {
                runs.add(VariantRun.measured(round, run.params, scores(result)));
            } else {
                runs.add(VariantRun.failed(round, run.params, run.failure != null ? run.failure
                        : "no result; see " + directory.root().relativize(directory.jmhLog(scenario, round))));
            }
        }
        for (Map<String, String> expected : combinations(settings.params())) {
            if (started.stream().noneMatch(s -> s.params.entrySet().containsAll(expected.entrySet()))) {
                String why = whyJmhStopped != null ? whyJmhStopped : "JMH did not run it";
                runs.add(VariantRun.failed(round, expected, "did not run: " + why));
                progress.runFailed(expected, "did not run: " + why);
            }
        }
        return runs;
    }

    /** The primary result under {@link Metric#PRIMARY}, and every secondary result under its label. */
    private static Map<String, Score> scores(RunResult result) {
        Map<String, Score> scores = new LinkedHashMap<>();
        scores.put(Metric.PRIMARY, score(result.getPrimaryResult()));
        result.getSecondaryResults().forEach((label, r) -> scores.put(label, score(r)));
        return scores;
    }

    private static Score score(Result<?> r) {
        return new Score(r.getScore(), r.getScoreError(), r.getScoreUnit());
    }

    /** Every combination of the parameters' values, each as a map sorted by name like JMH's. */
    static List<Map<String, String>> combinations(Map<String, List<String>> params) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new TreeMap<>());
        for (Map.Entry<String, List<String>> param : new TreeMap<>(params).entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String value : param.getValue()) {
                    Map<String, String> extended = new TreeMap<>(partial);
                    extended.put(param.getKey(), value);
                    next.add(extended);
                }
            }
            out = next;
        }
        return out.stream().map(m -> (Map<String, String>) new LinkedHashMap<>(m)).toList();
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse(message);
    }
}
