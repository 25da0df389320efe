package dev.sluice.bench.suite;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Short progress lines while the suite runs (stderr): one per JMH benchmark run, one per finished
 * round and scenario, and failures as they happen. Whole lines only, so it reads the same piped.
 */
final class Progress {
    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private final long start;
    private final List<Duration> roundTimes = new ArrayList<>();
    private String scenario = "";
    private int scenariosAfter;
    private int rounds;
    private int round;
    private int runsPerRound;
    private int run;
    private long roundStart;
    private long scenarioStart;

    Progress(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    synchronized void scenarioStarted(int index, int count, Scenario s, Settings settings, int runsPerRound) {
        this.scenario = s.name();
        this.scenariosAfter = count - index;
        this.rounds = settings.rounds();
        this.runsPerRound = runsPerRound;
        this.roundTimes.clear();
        this.scenarioStart = nanoTime.getAsLong();
        line(String.format("%s (%d/%d): %d round(s) of %d run(s), %d fork(s), %d warmup + %d measured iteration(s)",
                scenario, index, count, rounds, runsPerRound, settings.forks(), settings.warmups(), settings.iterations()));
    }

    /** A line of its own, e.g. the disk figures and the estimate at the start. */
    synchronized void note(String text) {
        line(text);
    }

    synchronized void roundStarted(int round) {
        this.round = round;
        this.run = 0;
        this.roundStart = nanoTime.getAsLong();
    }

    synchronized void runStarted(Map<String, String> params) {
        run++;
        String eta = roundTimes.isEmpty() ? "" : "  (" + left() + ")";
        line(String.format("%s round %d/%d, run %d/%d: %s%s", scenario, round, rounds, run,
                Math.max(run, runsPerRound), describe(params), eta));
    }

    synchronized void runFailed(Map<String, String> params, String why) {
        line(String.format("%s round %d/%d: %s FAILED: %s", scenario, round, rounds, describe(params), why));
    }

    /** @param stealPercent the round's CPU steal ({@link CpuSteal}), NaN when unknown */
    synchronized void roundFinished(double stealPercent) {
        Duration took = since(roundStart);
        roundTimes.add(took);
        String steal = Double.isNaN(stealPercent) ? "" : ", CPU steal " + Figures.percent(stealPercent);
        String left = round < rounds ? "; " + left() : "";
        line(String.format("%s round %d/%d done in %s%s%s", scenario, round, rounds, format(took), steal, left));
    }

    synchronized void scenarioFinished(ScenarioOutcome outcome) {
        long met = outcome.targets().stream().filter(j -> Boolean.TRUE.equals(j.verdict().met())).count();
        long missed = outcome.targets().stream().filter(j -> Boolean.FALSE.equals(j.verdict().met())).count();
        long notJudged = outcome.targets().stream().filter(j -> !j.verdict().judged()).count();
        long unknown = outcome.targets().size() - met - missed - notJudged;
        String targets = notJudged > 0 ? "targets not judged (smoke)"
                : String.format("targets %d met, %d missed, %d unknown", met, missed, unknown);
        line(String.format("%s done in %s: %s; %d failed run(s)", scenario, format(since(scenarioStart)), targets,
                outcome.results().failures().size()));
    }

    private String left() {
        return "about " + format(scenarioLeft()) + " left in " + scenario
                + (scenariosAfter > 0 ? ", then " + scenariosAfter + " more scenario(s)" : "");
    }

    /** What is left of the scenario: the mean round so far times the rounds left, less this round's elapsed part. */
    private Duration scenarioLeft() {
        Duration mean = roundTimes.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(roundTimes.size());
        int roundsLeft = rounds - roundTimes.size();
        boolean inRound = roundTimes.size() < round;
        Duration left = mean.multipliedBy(roundsLeft).minus(inRound ? since(roundStart) : Duration.ZERO);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void line(String text) {
        out.println("[" + format(since(start)) + "] " + text);
        out.flush();
    }

    private Duration since(long nanos) {
        return Duration.ofNanos(nanoTime.getAsLong() - nanos);
    }

    static String describe(Map<String, String> params) {
        return params.isEmpty() ? "(no parameters)" : params.toString().replaceAll("[{}]", "");
    }

    /** m:ss, or h:mm:ss from an hour. */
    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
