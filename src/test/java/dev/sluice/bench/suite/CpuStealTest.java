package dev.sluice.bench.suite;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuStealTest {
    @Test
    void stealIsItsShareOfAllTheCoresTimeBetweenTwoSamples() {
        // user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user)
        CpuSteal.Sample before = CpuSteal.parse("cpu  100 0 50 800 10 0 5 35 7 0");
        CpuSteal.Sample after = CpuSteal.parse("cpu  150 0 60 880 10 0 5 95 9 0");

        assertThat(before).isEqualTo(new CpuSteal.Sample(35, 1000));
        assertThat(after.percentSince(before)).isEqualTo(100.0 * 60 / 200);
    }

    @Test
    void aLineThatIsNotTheCpuTotalOrAMissingSampleGivesNoFigure() {
        CpuSteal.Sample sample = CpuSteal.parse("cpu  1 2 3 4 5 6 7 8");

        assertThat(CpuSteal.parse("cpu0 1 2 3 4 5 6 7 8")).isEqualTo(CpuSteal.Sample.NONE);
        assertThat(CpuSteal.parse("cpu  1 2 3")).isEqualTo(CpuSteal.Sample.NONE);
        assertThat(sample.percentSince(CpuSteal.Sample.NONE)).isNaN();
        assertThat(CpuSteal.Sample.NONE.percentSince(sample)).isNaN();
        assertThat(sample.percentSince(sample)).isNaN();
    }

    @Test
    void thisMachineHasTheCounters() {
        CpuSteal.Sample now = CpuSteal.now();

        assertThat(now).isNotEqualTo(CpuSteal.Sample.NONE);
        assertThat(now.steal()).isBetween(0L, now.total());
    }
}
