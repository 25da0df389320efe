package dev.sluice.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * summary.json: {@code {"machine": {..., "disk": {...}}, "stealPercent": {...}, "rows": [...]}}, the
 * machine as the report's header states it, each scenario's CPU steal per round, and one row per
 * scenario, group, variant and metric, with the median score over rounds, its spread, and three
 * paired ratios, each the median of per-round ratios with the rounds listed (higher is better; null where there is no finite ratio): to the best NIO reference (every
 * row), and for sluice's rows to the best of NIO and the peers and to its limit.
 */
final class SummaryJson {
    private SummaryJson() {
    }

    static void write(Path file, Machine machine, List<ScenarioOutcome> outcomes) throws IOException {
        List<String> lines = new ArrayList<>();
        for (ScenarioOutcome outcome : outcomes) {
            for (Map<String, Object> entry : entries(outcome)) {
                lines.add("    " + JsonText.of(entry));
            }
        }
        // one row per line, so a row can be found with grep
        String rows = lines.isEmpty() ? "[]" : "[\n" + String.join(",\n", lines) + "\n  ]";
        Map<String, Object> steal = new LinkedHashMap<>();
        for (ScenarioOutcome outcome : outcomes) {
            steal.put(outcome.scenario().name(), outcome.stealPercent());
        }
        String json = "{\n  \"machine\": " + JsonText.of(machine.json()) + ",\n  \"stealPercent\": " + JsonText.of(steal)
                + ",\n  \"rows\": " + rows + "\n}\n";
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    static List<Map<String, Object>> entries(ScenarioOutcome outcome) {
        PairedResults results = outcome.results();
        Scenario scenario = outcome.scenario();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Map<String, String> group : results.groups()) {
            for (String variant : results.variants(group)) {
                for (Metric metric : scenario.metrics()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("scenario", scenario.name());
                    entry.put("variant", variant);
                    entry.put("baseline", scenario.isNio(variant));
                    entry.put("peer", scenario.isPeer(variant));
                    entry.put("limit", scenario.isLimit(variant));
                    entry.put("metric", metric.label());
                    entry.put("unit", results.unit(metric));
                    entry.put("score", orNull(results.score(group, variant, metric)));
                    entry.put("error", results.error(group, variant, metric));
                    entry.put("ratioVsNio", orNull(results.ratio(group, variant, metric)));
                    entry.put("rounds", results.roundRatios(group, variant, metric));
                    boolean sluice = !scenario.isBaseline(variant);
                    entry.put("ratioVsBestPeer", sluice ? orNull(results.peerRatio(group, variant, metric)) : null);
                    entry.put("roundsVsBestPeer", sluice ? results.peerRoundRatios(group, variant, metric) : null);
                    entry.put("ratioVsLimit", sluice ? orNull(results.limitRatio(group, variant, metric)) : null);
                    entry.put("roundsVsLimit", sluice ? results.limitRoundRatios(group, variant, metric) : null);
                    entry.put("limitVariant", sluice ? results.limitVariant(group, variant) : null);
                    entry.put("params", group);
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    private static Double orNull(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
