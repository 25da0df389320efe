package dev.sluice.bench.suite;

import java.io.PrintWriter;
import java.util.List;

/** The end of a suite run on the console: where the report is, each target's verdict, and the exit status. */
final class Conclusion {
    private Conclusion() {
    }

    /** Prints it; returns 0 when every run ran and every file was written, else 1. */
    static int print(ResultsDirectory directory, List<ScenarioOutcome> outcomes, List<String> unwritten,
                     PrintWriter out, PrintWriter err) {
        out.println("report: " + directory.report());
        for (ScenarioOutcome outcome : outcomes) {
            for (ScenarioOutcome.Judged judged : outcome.targets()) {
                out.printf("%-8s %s: %s (%s)%n", word(judged.verdict()), outcome.scenario().name(),
                        judged.target().text(), judged.verdict().measured());
            }
        }
        out.flush();
        long failed = outcomes.stream().mapToLong(o -> o.results().failures().size()).sum();
        unwritten.forEach(problem -> err.println(BenchCommand.NAME + ": could not write " + problem));
        if (failed > 0) {
            err.println(BenchCommand.NAME + ": " + failed + " run(s) failed; see " + directory.report());
        }
        err.flush();
        return failed > 0 || !unwritten.isEmpty() ? 1 : 0;
    }

    private static String word(Target.Verdict verdict) {
        if (!verdict.judged()) {
            return "not judged (smoke)";
        }
        return verdict.met() == null ? "unknown" : verdict.met() ? "met" : "MISSED";
    }
}
