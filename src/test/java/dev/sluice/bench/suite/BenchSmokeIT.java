package dev.sluice.bench.suite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI's smoke test of the suite: {@code ./sluice bench --smoke} runs every scenario of the catalog in
 * one tiny configuration, peers and limits included, and leaves every output: summary.json as the
 * machine (with the disk figures measured first) and its rows. Its figures mean nothing and are not
 * checked, only that each is there.
 */
@Timeout(value = 11, unit = TimeUnit.MINUTES)
class BenchSmokeIT {
    private static final Path OUT = Path.of("target/bench-smoke");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Pattern ENTRY = Pattern.compile(
            "\\{\"scenario\": \"([^\"]*)\", \"variant\": \"([^\"]*)\", .*\"metric\": \"([^\"]*)\", .*\"params\": (\\{[^}]*\\})}");

    @Test
    void smokeRunsEveryScenarioAndWritesEveryOutput() throws Exception {
        deleteTree(OUT);
        // in target/, not /tmp, where every mvn verify used to leave a pair
        Path stdout = Path.of("target/bench-smoke-stdout.txt");
        Path stderr = Path.of("target/bench-smoke-stderr.txt");
        Process process = new ProcessBuilder("./sluice", "bench", "--smoke", "--out", OUT.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./sluice bench --smoke took over 10 minutes");
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(err).isZero();
        assertThat(Files.readString(stdout, StandardCharsets.UTF_8)).contains("report: ");

        String summary = Files.readString(OUT.resolve("summary.json"), StandardCharsets.UTF_8);
        String report = Files.readString(OUT.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(summary.strip()).startsWith("{\n  \"machine\": {").contains("\"disk\": {\"writeMBps\": ")
                .contains("\n  \"rows\": [\n").endsWith("]\n}").doesNotContain("\"failure\": \"");
        assertThat(err).contains("disk: sequential write ").contains("estimated duration: about ");
        assertThat(report).contains("- disk at the start of the run");
        Set<String> entries = new HashSet<>();
        for (String line : summary.lines().toList()) {
            Matcher m = ENTRY.matcher(line);
            if (m.find()) {
                entries.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
            }
        }
        for (Scenario scenario : Scenarios.all()) {
            Settings smoke = scenario.settings(Profile.SMOKE);
            for (Map<String, String> params : JmhRound.combinations(smoke.params())) {
                VariantRun run = VariantRun.measured(1, params, Map.of());
                for (Metric metric : scenario.metrics()) {
                    assertThat(entries).as(summary).contains(scenario.name() + " " + run.variant() + " " + metric.label()
                            + " " + JsonText.of(run.group()));
                }
            }
            assertThat(report).contains("\n## " + scenario.name() + "\n");
            byte[] chart = Files.readAllBytes(OUT.resolve("charts").resolve(scenario.name() + ".png"));
            assertThat(Arrays.copyOf(chart, PNG.length)).isEqualTo(PNG);
            for (int round = 1; round <= smoke.rounds(); round++) {
                assertThat(OUT.resolve("jmh").resolve(scenario.name() + "-round" + round + ".json")).isNotEmptyFile();
                assertThat(OUT.resolve("jmh").resolve(scenario.name() + "-round" + round + ".log")).isNotEmptyFile();
            }
            assertThat(err).contains(scenario.name() + " done in");
            for (String variant : smoke.params().get(Scenario.VARIANT_PARAM)) {
                String limit = scenario.limitOf(variant);
                if (limit != null && smoke.params().get(Scenario.VARIANT_PARAM).contains(limit)) {
                    // a sluice variant with its limit beside it has a ratio to it
                    assertThat(summary).as(scenario.name() + " " + variant).containsPattern("\"scenario\": \""
                            + scenario.name() + "\", \"variant\": \"" + variant + "\", .*\"ratioVsLimit\": [0-9]"
                            + ".*\"limitVariant\": \"" + limit + "\"");
                }
                if (scenario.isPeer(variant) || scenario.isLimit(variant)) {
                    assertThat(summary).containsPattern("\"variant\": \"" + variant + "\", \"baseline\": false, \"peer\": "
                            + scenario.isPeer(variant) + ", \"limit\": " + scenario.isLimit(variant) + ", ");
                }
            }
        }
        // the peers and the limits the issue asks for are in the smoke run
        assertThat(summary).contains("\"scenario\": \"append-durable\", \"variant\": \"peer-chronicle\"",
                "\"scenario\": \"append-durable\", \"variant\": \"peer-kafka\"",
                "\"scenario\": \"append-latency\", \"variant\": \"peer-chronicle\"",
                "\"scenario\": \"append-latency\", \"variant\": \"peer-kafka\"",
                "\"scenario\": \"read-cold\", \"variant\": \"limit-explicit-32m\"",
                "\"scenario\": \"transfer-socket\", \"variant\": \"limit-sendfile\"");
        assertThat(OUT.resolve("data")).doesNotExist();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
