package dev.sluice.bench.suite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.sluice.bench.suite.SyntheticRuns.THROUGHPUT;
import static dev.sluice.bench.suite.SyntheticRuns.TIME;
import static org.assertj.core.api.Assertions.assertThat;

/** summary.json, report.md and the charts, from made-up results. */
class SuiteFilesTest {
    private static final Map<String, String> SMALL = Map.of("recordSize", "4k");
    private static final Map<String, String> LARGE = Map.of("recordSize", "64k");
    private static final DiskFigures DISK = new DiskFigures(256L << 20, 50, 312.5, 480.25, 3500.0, 12000.0, 5120.5, null);

    private static Target fixed(String text, Target.Verdict verdict) {
        return new Target() {
            @Override
            public String text() {
                return text;
            }

            @Override
            public Target.Verdict judge(ScenarioResults results) {
                return verdict;
            }
        };
    }

    private static final Target BROKEN = new Target() {
        @Override
        public String text() {
            return "a target with a bug";
        }

        @Override
        public Target.Verdict judge(ScenarioResults results) {
            throw new IllegalStateException("bug in the target");
        }
    };

    private static ScenarioOutcome outcome() {
        Scenario scenario = SyntheticRuns.scenario(List.of("nio"), List.of(
                fixed("faster than NIO", Target.Verdict.of(true, "2.00x")),
                fixed("much faster than NIO", Target.Verdict.of(false, "2.00x")),
                fixed("unknowable", Target.Verdict.unknown("no sluice result")), BROKEN), TIME, THROUGHPUT);
        PairedResults results = new SyntheticRuns()
                .measured(1, "nio", SMALL, 1.0, 100).measured(1, "sluice", SMALL, 0.5, 200)
                .measured(1, "nio", LARGE, 2.0, 100).measured(1, "sluice", LARGE, 0.0, 300)
                .measured(2, "nio", SMALL, 1.0, 100).measured(2, "sluice", SMALL, 0.4, 250)
                .measured(2, "nio", LARGE, 2.0, 100)
                .failed(2, "sluice", LARGE, "java.lang.IllegalStateException: broken | on purpose")
                .results(scenario, 2);
        return ScenarioOutcome.judge(scenario, scenario.settings(Profile.SMOKE), results, List.of(12.4, Double.NaN), true);
    }

    private static RunInfo runInfo(Path dir) {
        return new RunInfo(ZonedDateTime.parse("2026-01-02T03:04:05Z"), Profile.SMOKE, "./sluice bench --smoke",
                Duration.ofSeconds(75), Machine.probe(dir, DISK));
    }

    @Test
    void summaryHasOneObjectPerGroupVariantAndMetricWithExactlyTheIssuesFields() {
        List<Map<String, Object>> entries = SummaryJson.entries(outcome());
        assertThat(entries).hasSize(2 * 2 * 2);
        for (Map<String, Object> entry : entries) {
            assertThat(entry).containsOnlyKeys("scenario", "variant", "baseline", "peer", "limit", "metric", "unit", "score",
                    "error", "ratioVsNio", "rounds", "ratioVsBestPeer", "roundsVsBestPeer", "ratioVsLimit", "roundsVsLimit",
                    "limitVariant", "params");
        }
        Map<String, Object> first = entries.get(0);
        assertThat(first).containsEntry("scenario", "made-up").containsEntry("variant", "nio")
                .containsEntry("baseline", true).containsEntry("metric", "time per GiB").containsEntry("unit", "s/op")
                .containsEntry("params", SMALL);
        Map<String, Object> sluiceSmallTime = entries.get(2);
        assertThat(sluiceSmallTime).containsEntry("variant", "sluice").containsEntry("baseline", false)
                .containsEntry("score", 0.45).containsEntry("ratioVsNio", 2.25)
                .containsEntry("rounds", Arrays.asList(2.0, 2.5));
        assertThat((Double) sluiceSmallTime.get("error")).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
        Map<String, Object> sluiceLargeTime = entries.get(6);
        // 0 s in round 1 is infinitely better (written as null), round 2 failed
        assertThat(sluiceLargeTime).containsEntry("params", LARGE)
                .containsEntry("rounds", Arrays.asList(Double.POSITIVE_INFINITY, null));
        assertThat(JsonText.of(sluiceLargeTime)).contains("\"ratioVsNio\": null, \"rounds\": [null, null]");
    }

    @Test
    void theJsonIsTheMachineAndItsDiskThenOneRowPerLineWithNullForWhatIsNotANumber(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("summary.json");
        SummaryJson.write(file, Machine.probe(dir, DISK), List.of(outcome()));
        String json = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\n  \"machine\": {\"kernel\": ").contains(", \"disk\": {\"writeMBps\": 312.5, "
                + "\"readMBps\": 480.25, \"fdatasyncMedianUs\": 3500.0, \"fdatasyncMaxUs\": 12000.0, \"touchMBps\": 5120.5, "
                + "\"bytes\": 268435456, "
                + "\"syncs\": 50, \"failure\": null}},\n  \"stealPercent\": {\"made-up\": [12.4, null]},\n  \"rows\": [\n");
        assertThat(json).contains("\n    {\"scenario\": \"made-up\", \"variant\": \"nio\", \"baseline\": true, "
                + "\"peer\": false, \"limit\": false, \"metric\": \"time per GiB\", \"unit\": \"s/op\", \"score\": 1.0, "
                + "\"error\": 0.0, \"ratioVsNio\": 1.0, \"rounds\": [1.0, 1.0], \"ratioVsBestPeer\": null, "
                + "\"roundsVsBestPeer\": null, \"ratioVsLimit\": null, \"roundsVsLimit\": null, \"limitVariant\": null, "
                + "\"params\": {\"recordSize\": \"4k\"}},\n");
        assertThat(json).endsWith("}\n  ]\n}\n").doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(json.lines().filter(l -> l.startsWith("    {")).count()).isEqualTo(8);
        assertThat(JsonText.of(Map.of("a\"b", List.of(Double.NaN, 1.5, "x\ny")))).isEqualTo("{\"a\\\"b\": [null, 1.5, \"x\\ny\"]}");
    }

    @Test
    void theReportHasTheMachineATablePerScenarioFailuresAndVerdicts(@TempDir Path dir) {
        String report = MarkdownReport.render(new ResultsDirectory(dir), runInfo(dir), List.of(outcome()));
        assertThat(report).contains("- profile: smoke", "- command: `./sluice bench --smoke`", "- duration: 1:15",
                "- date: 2026-01-02 03:04:05", "cores", "read_ahead_kb",
                "- disk at the start of the run (the limit program, `bench/src/c/sluice-limit.c`): sequential write 313 MB/s, "
                        + "cold read 480 MB/s (256 MiB in 1 MiB calls); 4 KiB write + fdatasync: median 3.50 ms, max 12.00 ms "
                        + "(50 calls); fresh memory at first touch 5121 MB/s");
        assertThat(report).contains("## made-up", "a made-up scenario", "Made up for a test.");
        assertThat(report).contains("\nCPU steal per round (the share of the cores' time the host ran something else, from "
                + "/proc/stat; the host's handling of this VM's I/O slows with it): 12%, n/a.\n");
        assertThat(report).contains("| variant | params | time per GiB | throughput | ratio vs NIO (time per GiB), per round "
                + "| vs best peer, per round | vs limit, per round |");
        assertThat(report).contains("| nio *(baseline)* | recordSize=4k | 1.00 ± 0.00 s/op | 100 ± 0 MB/s | 1.00x (1.00, 1.00) "
                + "| – | – |");
        assertThat(report).contains("| sluice | recordSize=4k | 0.450 ± 0.050 s/op | 225 ± 25 MB/s | 2.25x (2.00, 2.50) "
                + "| 2.25x (2.00, 2.50) | no limit |");
        // a zero time in round 1, a failure in round 2: no finite ratio at all
        assertThat(report).contains("| sluice | recordSize=64k | 0.000 ± 0.125 s/op | 300 MB/s | n/a (n/a, n/a) "
                + "| n/a (n/a, n/a) | no limit |");
        assertThat(report).contains("- sluice (recordSize=64k), round 2: `java.lang.IllegalStateException: broken | on purpose`");
        assertThat(report).contains("- ✅ met — faster than NIO — 2.00x", "- ❌ missed — much faster than NIO — 2.00x",
                "- ❔ unknown — unknowable — no sluice result",
                "- ❔ unknown — a target with a bug — could not judge: java.lang.IllegalStateException: bug in the target");
        assertThat(report).contains("![made-up](charts/made-up.png)");
    }

    @Test
    void theChartIsAnEightHundredByFiveHundredPng(@TempDir Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ResultsDirectory layout = new ResultsDirectory(dir);
        List<String> unwritten = SuiteFiles.write(layout, runInfo(dir), List.of(outcome()));
        assertThat(unwritten).isEmpty();
        byte[] png = Files.readAllBytes(layout.chart(outcome().scenario()));
        assertThat(Arrays.copyOf(png, 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage image = ImageIO.read(layout.chart(outcome().scenario()).toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);
        assertThat(layout.summary()).isRegularFile();
        assertThat(layout.report()).isRegularFile();
    }
    @Test
    void aSmokeRunSaysWhatItMeasuredWithoutVerdicts(@org.junit.jupiter.api.io.TempDir Path dir) {
        ScenarioOutcome judged = outcome();
        ScenarioOutcome smoke = ScenarioOutcome.judge(judged.scenario(), judged.settings(), judged.results(),
                judged.stealPercent(), false);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        Conclusion.print(new ResultsDirectory(dir), List.of(smoke), List.of(), new java.io.PrintWriter(out),
                new java.io.PrintWriter(err));
        assertThat(out.toString()).doesNotContain("MISSED", " met ", "unknown").contains("not judged (smoke)")
                .contains("much faster than NIO (2.00x)");
        assertThat(smoke.targets()).allSatisfy(t -> assertThat(MarkdownReport.verdict(t.verdict()))
                .isEqualTo("➖ not judged (smoke: figures mean nothing)"));
    }
    private static ScenarioOutcome withPeersAndLimits() {
        Scenario scenario = SyntheticRuns.scenario(List.of("nio"), List.of(), TIME, THROUGHPUT);
        PairedResults results = new SyntheticRuns()
                .measured(1, "nio", 1.0).measured(1, "peer-kafka", 0.8).measured(1, "sluice-x", 0.5).measured(1, "limit-x", 0.4)
                .measured(2, "nio", 1.0).measured(2, "peer-kafka", 0.4).measured(2, "sluice-x", 0.5).measured(2, "limit-x", 0.5)
                .results(scenario, 2);
        return ScenarioOutcome.judge(scenario, scenario.settings(Profile.SMOKE), results, List.of(12.4, Double.NaN), true);
    }

    @Test
    void peerAndLimitRowsAreMarkedAndSluiceRowsCarryAllThreeRatios(@TempDir Path dir) {
        List<Map<String, Object>> rows = SummaryJson.entries(withPeersAndLimits());
        Map<String, Object> peer = rows.stream().filter(r -> r.get("variant").equals("peer-kafka")
                && r.get("metric").equals("time per GiB")).findFirst().orElseThrow();
        Map<String, Object> limit = rows.stream().filter(r -> r.get("variant").equals("limit-x")
                && r.get("metric").equals("time per GiB")).findFirst().orElseThrow();
        Map<String, Object> sluice = rows.stream().filter(r -> r.get("variant").equals("sluice-x")
                && r.get("metric").equals("time per GiB")).findFirst().orElseThrow();
        assertThat(peer).containsEntry("peer", true).containsEntry("limit", false).containsEntry("baseline", false)
                .containsEntry("ratioVsNio", 1.875).containsEntry("ratioVsBestPeer", null).containsEntry("ratioVsLimit", null);
        assertThat(limit).containsEntry("peer", false).containsEntry("limit", true).containsEntry("ratioVsBestPeer", null);
        // vs NIO 2.0 both rounds; vs the best of NIO and Kafka: 1.6, 0.8; vs limit-x: 0.8, 1.0
        assertThat(sluice).containsEntry("peer", false).containsEntry("limit", false).containsEntry("baseline", false)
                .containsEntry("ratioVsNio", 2.0).containsEntry("rounds", List.of(2.0, 2.0))
                .containsEntry("roundsVsBestPeer", List.of(1.6, 0.8)).containsEntry("roundsVsLimit", List.of(0.8, 1.0))
                .containsEntry("limitVariant", "limit-x");
        assertThat((Double) sluice.get("ratioVsBestPeer")).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat((Double) sluice.get("ratioVsLimit")).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-12));

        String report = MarkdownReport.render(new ResultsDirectory(dir), runInfo(dir), List.of(withPeersAndLimits()));
        assertThat(report).contains("| peer-kafka *(peer)* | – |", "| limit-x *(limit)* | – |")
                .contains("| sluice-x | – | 0.500 ± 0.000 s/op | 2.00 ± 0.00 MB/s | 2.00x (2.00, 2.00) | 1.20x (1.60, 0.80) "
                        + "| 0.90x (0.80, 1.00) |");
    }

    @Test
    void diskFiguresThatCouldNotBeMeasuredSaySo() {
        DiskFigures failed = DiskFigures.failed(1 << 20, 5, "gcc: not found");
        assertThat(failed.describe()).isEqualTo("not measured (gcc: not found)");
        assertThat(JsonText.of(failed.json())).contains("\"writeMBps\": null").contains("\"failure\": \"gcc: not found\"");
    }

    @Test
    void theChartShowsTheRoundsBesideTheMedians() {
        var chart = RatioChart.chart(withPeersAndLimits());
        assertThat(chart.getSeriesMap().keySet()).containsExactly("median of the rounds", "round 1", "round 2");
        assertThat(new java.util.ArrayList<Number>(chart.getSeriesMap().get("round 2").getYData()))
                .containsExactly(1.0, 2.5, 2.0, 2.0);
    }
}
