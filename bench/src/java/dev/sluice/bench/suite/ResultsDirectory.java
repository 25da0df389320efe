package dev.sluice.bench.suite;

import java.nio.file.Path;

/** Where a suite run writes what: the layout of {@code --out DIR}. */
record ResultsDirectory(Path root) {
    ResultsDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /** JMH's own JSON for one round of a scenario. */
    Path jmhJson(Scenario scenario, int round) {
        return root.resolve("jmh").resolve(scenario.name() + "-round" + round + ".json");
    }

    /** JMH's text output for one round of a scenario. */
    Path jmhLog(Scenario scenario, int round) {
        return root.resolve("jmh").resolve(scenario.name() + "-round" + round + ".log");
    }

    Path chart(Scenario scenario) {
        return root.resolve("charts").resolve(scenario.name() + ".png");
    }

    /** The benchmarks' files: under DIR so on the same disk, deleted when the run ends. */
    Path data() {
        return root.resolve("data");
    }

    Path summary() {
        return root.resolve("summary.json");
    }

    Path report() {
        return root.resolve("report.md");
    }
}
