package dev.sluice.bench.suite;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.sluice.bench.suite.SyntheticRuns.THROUGHPUT;
import static dev.sluice.bench.suite.SyntheticRuns.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PairedResultsTest {
    private static final Map<String, String> ALL = Map.of();
    private static final Scenario ONE_REFERENCE = SyntheticRuns.scenario(List.of("nio"), List.of(), TIME, THROUGHPUT);
    private static final Scenario TWO_REFERENCES = SyntheticRuns.scenario(List.of("nio-a", "nio-b"), List.of(), TIME, THROUGHPUT);

    @Test
    void timesAreInvertedSoThatHigherIsAlwaysBetter() {
        PairedResults r = new SyntheticRuns().measured(1, "nio", ALL, 2.0, 100).measured(1, "sluice", ALL, 1.0, 150)
                .results(ONE_REFERENCE, 1);
        assertThat(r.ratio(ALL, "sluice", TIME)).hasValue(2.0); // half the time: twice as good
        assertThat(r.ratio(ALL, "sluice", THROUGHPUT)).hasValue(1.5);
        assertThat(r.ratio(ALL, "nio", TIME)).hasValue(1.0);
        assertThat(r.score(ALL, "sluice", TIME)).hasValue(1.0);
        assertThat(r.unit(TIME)).isEqualTo("s/op");
        assertThat(r.unit(THROUGHPUT)).isEqualTo("MB/s");
    }

    @Test
    void eachRoundComparesWithTheBestReferenceOfThatRound() {
        PairedResults r = new SyntheticRuns()
                .measured(1, "nio-a", ALL, 2.0, 50).measured(1, "nio-b", ALL, 1.0, 100).measured(1, "sluice", ALL, 0.5, 200)
                .measured(2, "nio-a", ALL, 1.0, 100).measured(2, "nio-b", ALL, 4.0, 25).measured(2, "sluice", ALL, 0.8, 125)
                .results(TWO_REFERENCES, 2);
        // round 1: nio-b is best (1.0 s): 2.0x, not 4.0x against nio-a; round 2: nio-a is best (1.0 s): 1.25x
        assertThat(r.roundRatios(ALL, "sluice", TIME)).containsExactly(2.0, 1.25);
        assertThat(r.ratio(ALL, "sluice", TIME)).hasValue(1.625);
        assertThat(r.roundRatios(ALL, "sluice", THROUGHPUT)).containsExactly(2.0, 1.25);
        assertThat(r.roundRatios(ALL, "nio-a", TIME)).containsExactly(0.5, 1.0);
    }

    @Test
    void aRatioAgainstANamedVariantIsPairedRoundByRoundToo() {
        PairedResults r = new SyntheticRuns()
                .measured(1, "nio-a", 1.0).measured(1, "nio-b", 0.5).measured(1, "sluice", 0.5)
                .measured(2, "nio-a", 3.0).measured(2, "nio-b", 1.0).measured(2, "sluice", 2.0)
                .measured(3, "nio-a", 2.0).measured(3, "nio-b", 1.0).measured(3, "sluice", 2.5)
                .results(TWO_REFERENCES, 3);
        // against nio-a alone: 2.0, 1.5, 0.8, median 1.5 (the medians' ratio would be 2.0 / 2.0 = 1.0);
        // against the best reference (nio-b every round): 1.0, 0.5, 0.4
        assertThat(r.ratio(ALL, "sluice", "nio-a", TIME)).hasValue(1.5);
        assertThat(r.ratio(ALL, "sluice", TIME)).hasValue(0.5);
        assertThat(r.ratio(ALL, "sluice", "nio-a", THROUGHPUT).getAsDouble()).isCloseTo(1.5, within(1e-9)); // 1/time: same
        assertThat(r.isBaseline("nio-a")).isTrue();
        assertThat(r.isBaseline("sluice")).isFalse();
    }

    @Test
    void theRatioIsTheMedianOfPerRoundRatiosNotTheRatioOfMedianScores() {
        PairedResults r = new SyntheticRuns()
                .measured(1, "nio", 1.0).measured(1, "sluice", 0.5)
                .measured(2, "nio", 3.0).measured(2, "sluice", 2.0)
                .measured(3, "nio", 2.0).measured(3, "sluice", 2.5)
                .results(ONE_REFERENCE, 3);
        assertThat(r.roundRatios(ALL, "sluice", TIME)).containsExactly(2.0, 1.5, 0.8);
        assertThat(r.ratio(ALL, "sluice", TIME)).hasValue(1.5); // the medians' ratio would be 2.0 / 2.0 = 1.0
        assertThat(r.score(ALL, "sluice", TIME)).hasValue(2.0);
        assertThat(r.error(ALL, "sluice", TIME)).isEqualTo(1.0); // half of 2.5 - 0.5
    }

    @Test
    void anEvenCountOfRoundsTakesTheMeanOfTheMiddleTwo() {
        PairedResults r = new SyntheticRuns()
                .measured(1, "nio", 1.0).measured(1, "sluice", 1.0)
                .measured(2, "nio", 2.0).measured(2, "sluice", 1.0)
                .measured(3, "nio", 3.0).measured(3, "sluice", 1.0)
                .measured(4, "nio", 10.0).measured(4, "sluice", 1.0)
                .results(ONE_REFERENCE, 4);
        assertThat(r.ratio(ALL, "sluice", TIME)).hasValue(2.5);
        assertThat(r.score(ALL, "nio", TIME)).hasValue(2.5);
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    }

    @Test
    void oneRoundReportsJmhsOwnError() {
        PairedResults r = new SyntheticRuns().measured(1, "nio", 1.0).measured(1, "sluice", 0.5).results(ONE_REFERENCE, 1);
        assertThat(r.error(ALL, "sluice", TIME)).isEqualTo(SyntheticRuns.JMH_ERROR);
        assertThat(r.error(ALL, "sluice", THROUGHPUT)).isNaN(); // JMH could not tell
    }

    @Test
    void aFailedRoundHasNoRatioAndTheOthersStillCount() {
        PairedResults r = new SyntheticRuns()
                .measured(1, "nio", 1.0).measured(1, "sluice", 0.5)
                .measured(2, "nio", 1.0).failed(2, "sluice", "java.io.IOException: disk full")
                .measured(3, "nio", 1.0).measured(3, "sluice", 0.25)
                .results(ONE_REFERENCE, 3);
        assertThat(r.roundRatios(ALL, "sluice", TIME)).containsExactly(2.0, null, 4.0);
        assertThat(r.ratio(ALL, "sluice", TIME)).hasValue(3.0);
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.variant()).isEqualTo("sluice");
            assertThat(f.round()).isEqualTo(2);
            assertThat(f.failure()).isEqualTo("java.io.IOException: disk full");
        });
    }

    @Test
    void aVariantThatAlwaysFailedIsListedWithoutFigures() {
        PairedResults r = new SyntheticRuns()
                .measured(1, "nio", 1.0).failed(1, "sluice", "boom")
                .measured(2, "nio", 1.0).failed(2, "sluice", "boom")
                .results(ONE_REFERENCE, 2);
        assertThat(r.variants(ALL)).containsExactly("nio", "sluice");
        assertThat(r.score(ALL, "sluice", TIME)).isEmpty();
        assertThat(r.ratio(ALL, "sluice", TIME)).isEmpty();
        assertThat(r.roundRatios(ALL, "sluice", TIME)).containsExactly(null, null);
        assertThat(r.error(ALL, "sluice", TIME)).isNaN();
        assertThat(r.failures()).hasSize(2);
    }

    @Test
    void withoutAnyReferenceInARoundThatRoundHasNoRatio() {
        PairedResults r = new SyntheticRuns()
                .measured(1, "nio", 1.0).measured(1, "sluice", 0.5)
                .failed(2, "nio", "boom").measured(2, "sluice", 0.5)
                .results(ONE_REFERENCE, 2);
        assertThat(r.roundRatios(ALL, "sluice", TIME)).containsExactly(2.0, null);
        assertThat(r.ratio(ALL, "sluice", TIME)).hasValue(2.0);
    }

    @Test
    void aZeroTimeGivesAnInfiniteRatioWhichIsNotANumberInTheSummary() {
        Scenario scenario = ONE_REFERENCE;
        PairedResults r = new SyntheticRuns().measured(1, "nio", ALL, 1.0, 0).measured(1, "sluice", ALL, 0.0, 0)
                .results(scenario, 1);
        assertThat(r.ratio(ALL, "sluice", TIME)).hasValue(Double.POSITIVE_INFINITY);
        assertThat(r.roundRatios(ALL, "sluice", THROUGHPUT)).containsExactly((Double) null); // 0 / 0
        ScenarioOutcome outcome = ScenarioOutcome.judge(scenario, scenario.settings(Profile.SMOKE), r, List.of(), true);
        Map<String, Object> sluiceTime = SummaryJson.entries(outcome).get(2);
        assertThat(sluiceTime).containsEntry("variant", "sluice").containsEntry("metric", TIME.label());
        assertThat(JsonText.of(sluiceTime.get("ratioVsNio"))).isEqualTo("null");
        assertThat(JsonText.of(sluiceTime.get("rounds"))).isEqualTo("[null]");
        assertThat(Figures.ratio(r.ratio(ALL, "sluice", TIME))).isEqualTo("n/a");
    }

    @Test
    void variantsAreComparedOnlyWithinTheirGroup() {
        Map<String, String> small = Map.of("recordSize", "4k");
        Map<String, String> large = Map.of("recordSize", "64k");
        PairedResults r = new SyntheticRuns()
                .measured(1, "nio", small, 1.0, 1).measured(1, "sluice", small, 0.5, 1)
                .measured(1, "nio", large, 10.0, 1).measured(1, "sluice", large, 8.0, 1)
                .results(ONE_REFERENCE, 1);
        assertThat(r.groups()).containsExactly(small, large);
        assertThat(r.ratio(small, "sluice", TIME)).hasValue(2.0);
        assertThat(r.ratio(large, "sluice", TIME)).hasValue(1.25);
        assertThat(r.ratio(ALL, "sluice", TIME)).isEmpty();
    }

    @Test
    void halfRangeAndMedianOfNothingAreNaN() {
        assertThat(Stats.median(List.of())).isNaN();
        assertThat(Stats.halfRange(List.of())).isNaN();
        assertThat(Stats.halfRange(Arrays.asList(1.0, 4.0, 2.0))).isCloseTo(1.5, within(1e-12));
    }
    private static final Scenario WITH_PEERS = SyntheticRuns.scenario(List.of("nio-a", "nio-b"), List.of(), TIME, THROUGHPUT);

    @Test
    void theBestPeerRatioIsAgainstTheBestOfNioAndThePeersInEachRound() {
        PairedResults r = new SyntheticRuns()
                .measured(1, "nio-a", 2.0).measured(1, "nio-b", 4.0).measured(1, "peer-kafka", 1.0)
                .measured(1, "peer-chronicle", 3.0).measured(1, "sluice-x", 0.5)
                .measured(2, "nio-a", 1.0).measured(2, "nio-b", 4.0).measured(2, "peer-kafka", 2.0)
                .measured(2, "peer-chronicle", 3.0).measured(2, "sluice-x", 2.0)
                .measured(3, "nio-a", 1.0).measured(3, "nio-b", 4.0).measured(3, "peer-kafka", 0.25)
                .measured(3, "peer-chronicle", 3.0).measured(3, "sluice-x", 1.0)
                .results(WITH_PEERS, 3);
        // best peer: kafka (1.0 s), nio-a (1.0 s), kafka (0.25 s); against NIO alone: nio-a every round
        assertThat(r.peerRoundRatios(ALL, "sluice-x", TIME)).containsExactly(2.0, 0.5, 0.25);
        assertThat(r.peerRatio(ALL, "sluice-x", TIME)).hasValue(0.5);
        assertThat(r.roundRatios(ALL, "sluice-x", TIME)).containsExactly(4.0, 0.5, 1.0);
        assertThat(r.peerRoundRatios(ALL, "sluice-x", THROUGHPUT)).containsExactly(2.0, 0.5, 0.25); // 1/time: the same
        // peers and limits are reference rows: no target judges them as sluice's
        assertThat(r.isBaseline("peer-kafka")).isTrue();
        assertThat(r.isBaseline("limit-x")).isTrue();
        assertThat(r.isBaseline("sluice-x")).isFalse();
    }

    @Test
    void theLimitRatioIsAgainstLimitXBesideSluiceXRoundByRound() {
        PairedResults r = new SyntheticRuns()
                .measured(1, "nio-a", 2.0).measured(1, "sluice-x", 1.0).measured(1, "limit-x", 0.5).measured(1, "sluice-y", 1.0)
                .measured(2, "nio-a", 2.0).measured(2, "sluice-x", 1.0).measured(2, "limit-x", 0.9)
                .measured(3, "nio-a", 2.0).measured(3, "sluice-x", 2.0).measured(3, "limit-x", 1.0)
                .results(WITH_PEERS, 3);
        assertThat(r.limitRoundRatios(ALL, "sluice-x", TIME)).containsExactly(0.5, 0.9, 0.5);
        assertThat(r.limitRatio(ALL, "sluice-x", TIME)).hasValue(0.5);
        assertThat(r.limitVariant(ALL, "sluice-x")).isEqualTo("limit-x");
        // sluice-y has no limit beside it, a limit has none itself
        assertThat(r.limitVariant(ALL, "sluice-y")).isNull();
        assertThat(r.limitRatio(ALL, "sluice-y", TIME)).isEmpty();
        assertThat(r.limitRoundRatios(ALL, "sluice-y", TIME)).containsExactly(null, null, null);
        assertThat(r.limitVariant(ALL, "limit-x")).isNull();
    }

    @Test
    void aRoundWhereTheLimitFailedHasNoLimitRatio() {
        PairedResults r = new SyntheticRuns()
                .measured(1, "nio-a", 2.0).measured(1, "sluice-x", 1.0).measured(1, "limit-x", 0.5)
                .measured(2, "nio-a", 2.0).measured(2, "sluice-x", 1.0).failed(2, "limit-x", "boom")
                .results(WITH_PEERS, 2);
        assertThat(r.limitRoundRatios(ALL, "sluice-x", TIME)).containsExactly(0.5, null);
        assertThat(r.limitRatio(ALL, "sluice-x", TIME)).hasValue(0.5);
    }
}
