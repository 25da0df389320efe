package dev.sluice.bench.suite;

import dev.sluice.cli.Json;
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
 * summary.json: one object per scenario, group, variant and metric, with the median score over
 * rounds, its spread, and the median of the per-round ratios to the best NIO reference (higher is
 * better; null where there is no finite ratio).
 */
final class SummaryJson {
    private SummaryJson() {
    }

    static void write(Path file, List<ScenarioOutcome> outcomes) throws IOException {
        List<String> lines = new ArrayList<>();
        for (ScenarioOutcome outcome : outcomes) {
            for (Map<String, Object> entry : entries(outcome)) {
                lines.add("  " + Json.value(entry));
            }
        }
        String json = lines.isEmpty() ? "[]\n" : "[\n" + String.join(",\n", lines) + "\n]\n";
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
                    entry.put("baseline", scenario.isBaseline(variant));
                    entry.put("metric", metric.label());
                    entry.put("unit", results.unit(metric));
                    entry.put("score", orNull(results.score(group, variant, metric)));
                    entry.put("error", results.error(group, variant, metric));
                    entry.put("ratioVsNio", orNull(results.ratio(group, variant, metric)));
                    entry.put("rounds", results.roundRatios(group, variant, metric));
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
