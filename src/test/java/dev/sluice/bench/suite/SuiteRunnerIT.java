package dev.sluice.bench.suite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner against real JMH: a variant that fails is recorded with its error and the rest goes on. */
@Timeout(300)
class SuiteRunnerIT {
    private static final Metric TIME = Metric.primary("time", false);
    private static final Metric ANSWER = Metric.secondary(BrokenVariantBenchmark.FIGURE, "answer", true);

    @Test
    void aFailingVariantIsRecordedWithItsFirstErrorLineAndTheOthersAreMeasured(@TempDir Path dir) throws Exception {
        Scenario scenario = new Scenario("broken", "one variant fails", BrokenVariantBenchmark.class, "run",
                List.of(TIME, ANSWER), List.of("nio-plain"),
                Map.of(Profile.SMOKE, new Settings(Map.of(Scenario.VARIANT_PARAM, List.of("nio-plain", "sluice-broken")),
                        2, 1, 0, 1, 1)),
                List.of(), "");
        ResultsDirectory results = new ResultsDirectory(dir);
        StringWriter progress = new StringWriter();

        List<ScenarioOutcome> outcomes = new SuiteRunner(Profile.SMOKE, results,
                new Progress(new PrintWriter(progress), System::nanoTime)).run(List.of(scenario));

        PairedResults paired = outcomes.get(0).results();
        Map<String, String> all = Map.of();
        assertThat(paired.variants(all)).containsExactly("nio-plain", "sluice-broken");
        assertThat(paired.failures()).hasSize(2).allSatisfy(run -> {
            assertThat(run.variant()).isEqualTo("sluice-broken");
            assertThat(run.failure()).isEqualTo("java.lang.IllegalStateException: broken on purpose");
        });
        assertThat(paired.failures()).extracting(VariantRun::round).containsExactly(1, 2);
        assertThat(paired.score(all, "nio-plain", TIME)).isPresent();
        assertThat(paired.unit(TIME)).isEqualTo("s/op");
        assertThat(paired.score(all, "nio-plain", ANSWER)).hasValue(42.0);
        assertThat(paired.unit(ANSWER)).isEqualTo("things");
        assertThat(paired.roundRatios(all, "nio-plain", TIME)).containsExactly(1.0, 1.0);
        assertThat(paired.score(all, "sluice-broken", TIME)).isEmpty();

        assertThat(progress.toString())
                .contains("broken round 1/2, run 1/2: variant=nio-plain")
                .contains("broken round 2/2, run 2/2: variant=sluice-broken")
                .contains("variant=sluice-broken FAILED: java.lang.IllegalStateException: broken on purpose")
                .contains("2 failed run(s)");
        for (int round = 1; round <= 2; round++) {
            assertThat(results.jmhJson(scenario, round)).isNotEmptyFile();
            assertThat(results.jmhLog(scenario, round)).content().contains("broken on purpose");
        }
    }
}
