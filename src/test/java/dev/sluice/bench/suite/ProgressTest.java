package dev.sluice.bench.suite;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    @Test
    void oneWholeLinePerRunWithAnEstimateOnceARoundHasFinished() {
        AtomicLong now = new AtomicLong();
        StringWriter out = new StringWriter();
        Progress progress = new Progress(new PrintWriter(out), now::get);
        Scenario scenario = SyntheticRuns.scenario(List.of("nio"), List.of(), SyntheticRuns.TIME);
        Settings settings = new Settings(Map.of(Scenario.VARIANT_PARAM, List.of("nio", "sluice")), 3, 1, 1, 2, 1);

        progress.scenarioStarted(1, 2, scenario, settings, 2);
        for (int round = 1; round <= 3; round++) {
            progress.roundStarted(round);
            progress.runStarted(Map.of(Scenario.VARIANT_PARAM, "nio"));
            now.addAndGet(Duration.ofSeconds(30).toNanos());
            progress.runStarted(Map.of(Scenario.VARIANT_PARAM, "sluice"));
            if (round == 2) {
                progress.runFailed(Map.of(Scenario.VARIANT_PARAM, "sluice"), "java.io.IOException: boom");
            }
            now.addAndGet(Duration.ofSeconds(30).toNanos());
            progress.roundFinished(round == 2 ? 41.6 : Double.NaN);
        }

        assertThat(out.toString()).doesNotContain("\r");
        assertThat(out.toString().lines()).containsExactly(
                "[0:00] made-up (1/2): 3 round(s) of 2 run(s), 1 fork(s), 1 warmup + 2 measured iteration(s)",
                "[0:00] made-up round 1/3, run 1/2: variant=nio",
                "[0:30] made-up round 1/3, run 2/2: variant=sluice",
                "[1:00] made-up round 1/3 done in 1:00; about 2:00 left in made-up, then 1 more scenario(s)",
                "[1:00] made-up round 2/3, run 1/2: variant=nio  (about 2:00 left in made-up, then 1 more scenario(s))",
                "[1:30] made-up round 2/3, run 2/2: variant=sluice  (about 1:30 left in made-up, then 1 more scenario(s))",
                "[1:30] made-up round 2/3: variant=sluice FAILED: java.io.IOException: boom",
                "[2:00] made-up round 2/3 done in 1:00, CPU steal 42%; about 1:00 left in made-up, then 1 more scenario(s)",
                "[2:00] made-up round 3/3, run 1/2: variant=nio  (about 1:00 left in made-up, then 1 more scenario(s))",
                "[2:30] made-up round 3/3, run 2/2: variant=sluice  (about 0:30 left in made-up, then 1 more scenario(s))",
                "[3:00] made-up round 3/3 done in 1:00");
        assertThat(Progress.format(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
    }
}
