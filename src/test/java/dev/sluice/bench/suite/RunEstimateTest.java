package dev.sluice.bench.suite;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-of-run estimate, and the quick profile's promise: every scenario in 10 minutes on a 300 MB/s disk. */
class RunEstimateTest {
    @Test
    void theQuickProfileFitsItsBudgetOnTheDesignDisk() {
        Duration quick = RunEstimate.atDesignDisk(Scenarios.all(), Profile.QUICK);
        System.out.println("quick at " + RunEstimate.DESIGN_WRITE_MBPS + " MB/s: " + Progress.format(quick));
        for (Scenario s : Scenarios.all()) {
            System.out.println("  " + s.name() + ": " + Progress.format(RunEstimate.atDesignDisk(List.of(s), Profile.QUICK)));
        }
        assertThat(quick).isLessThanOrEqualTo(RunEstimate.QUICK_BUDGET);
    }
}
