package dev.sluice.bench.suite;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-of-run estimate, and the quick profile's promise: every scenario in 10 minutes on a 300 MB/s disk. */
class RunEstimateTest {
    @Test
    void theQuickProfileFitsItsBudgetOnTheDesignDisk() {
        Duration quick = RunEstimate.atDesignDisk(Scenarios.all(), Profile.QUICK);
        String breakdown = Scenarios.all().stream().map(s -> s.name() + " "
                        + Progress.format(RunEstimate.atDesignDisk(List.of(s), Profile.QUICK)))
                .collect(Collectors.joining(", "));
        assertThat(quick).as("--quick at %s MB/s: %s (%s)", RunEstimate.DESIGN_WRITE_MBPS, Progress.format(quick), breakdown)
                .isLessThanOrEqualTo(RunEstimate.QUICK_BUDGET);
    }

    @Test
    void aSlowerDiskTakesLongerAndForksCostEvenWithoutData() {
        List<Scenario> all = Scenarios.all();
        Duration design = RunEstimate.atDesignDisk(all, Profile.QUICK);
        assertThat(RunEstimate.of(all, Profile.QUICK, 150, 225)).isGreaterThan(design);
        assertThat(RunEstimate.of(all, Profile.QUICK, 3000, 4500)).isLessThan(design);
        // a rate that is no number (the disk could not be measured) counts as the design disk's
        assertThat(RunEstimate.of(all, Profile.QUICK, Double.NaN, Double.NaN)).isEqualTo(design);
        // smoke: tiny data, so about the forks' cost
        long smokeForks = all.stream().mapToLong(s -> (long) JmhRound.combinations(s.settings(Profile.SMOKE).params()).size()
                * s.settings(Profile.SMOKE).rounds()).sum();
        assertThat(RunEstimate.atDesignDisk(all, Profile.SMOKE).toMillis() / 1000.0)
                .isBetween(smokeForks * RunEstimate.FORK_SECONDS, smokeForks * RunEstimate.FORK_SECONDS + 30);
        assertThat(RunEstimate.atDesignDisk(all, Profile.FULL)).isGreaterThan(design);
    }
}
