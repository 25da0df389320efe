package dev.sluice.bench.suite;

import dev.sluice.bench.AppendDurableBenchmark;
import dev.sluice.bench.AppendLatencyBenchmark;
import dev.sluice.bench.CacheFootprintBenchmark;
import dev.sluice.bench.ReadBenchmarkBase;
import dev.sluice.bench.ReadColdBenchmark;
import dev.sluice.bench.TransferSocketBenchmark;
import dev.sluice.log.DataSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How long a suite run will take, before it starts: per JMH run (one variant and group in one round),
 * a fixed cost for the fork (a JVM, JMH's harness, the benchmark's own 64 MiB warm-up) plus each
 * warmup and measured iteration, which moves {@code size} bytes at the disk's rate (write rate for
 * the append and footprint scenarios, read rate for cold reads, the page cache's for the rest), or
 * lasts {@code iterationSeconds} in a timed mode. The read scenarios' dataset is written once.
 * A model, not a measurement: the quick profile is sized with it for a disk that writes
 * {@link #DESIGN_WRITE_MBPS} MB/s (RunEstimateTest), and the suite prints it at the start.
 */
final class RunEstimate {
    /** The disk the quick profile is sized for: it finishes within {@link #QUICK_BUDGET} on it. */
    static final double DESIGN_WRITE_MBPS = 300;
    /** The read rate assumed with it: this disk kind reads about 1.5x as fast as it writes. */
    static final double DESIGN_READ_MBPS = 450;
    static final Duration QUICK_BUDGET = Duration.ofMinutes(10);
    /**
     * A fork's cost besides its iterations. 2.5 s makes the model agree, within a minute, with the
     * 11:37 that four scenarios of the old --quick took on 2026-12-01 (48 + 21 + 12 + 27 forks at about
     * 500 MB/s); on a machine busy with other work a fork takes 4-9 s, and the run longer.
     */
    static final double FORK_SECONDS = 2.5;
    /** Cached data moves at several GB/s; loopback TCP at about 2.5 GB/s. */
    private static final double CACHED_MBPS = 2500;
    /** What a timed scenario's iteration costs besides its time (a second for the JVM to settle). */
    private static final double TIMED_EXTRA_SECONDS = 0.2;

    private RunEstimate() {
    }

    /** The whole run's estimate on a disk with these rates (MB/s; a rate that is not a positive number counts as the design disk's). */
    static Duration of(List<Scenario> scenarios, Profile profile, double writeMBps, double readMBps) {
        double write = writeMBps > 0 ? writeMBps : DESIGN_WRITE_MBPS;
        double read = readMBps > 0 ? readMBps : DESIGN_READ_MBPS;
        double seconds = 0;
        boolean datasetWritten = false;
        for (Scenario scenario : scenarios) {
            Settings settings = scenario.settings(profile);
            if (settings == null) {
                continue;
            }
            for (Map<String, String> params : JmhRound.combinations(settings.params())) {
                double run = FORK_SECONDS + (settings.warmups() + settings.iterations())
                        * iterationSeconds(scenario, settings, params, write, read);
                seconds += run * settings.rounds() * settings.forks();
            }
            if (!datasetWritten && isRead(scenario)) {
                seconds += bytes(settings.params().get("size").get(0)) / 1e6 / write;
                datasetWritten = true;
            }
        }
        return Duration.ofMillis((long) (seconds * 1000));
    }

    /** The design disk's estimate. */
    static Duration atDesignDisk(List<Scenario> scenarios, Profile profile) {
        return of(scenarios, profile, DESIGN_WRITE_MBPS, DESIGN_READ_MBPS);
    }

    private static double iterationSeconds(Scenario scenario, Settings settings, Map<String, String> params,
                                           double write, double read) {
        String size = params.get("size");
        if (size == null) {
            return settings.iterationSeconds() + TIMED_EXTRA_SECONDS;
        }
        double mb = bytes(size) / 1e6;
        Class<?> benchmark = scenario.benchmark();
        if (benchmark == AppendDurableBenchmark.class) {
            return mb / write;
        }
        if (benchmark == AppendLatencyBenchmark.class) {
            String rate = params.getOrDefault("rate", "max");
            double offered = rate.equals("max") ? Double.MAX_VALUE : bytes(rate) / 1e6;
            return mb / Math.min(write, offered);
        }
        if (benchmark == CacheFootprintBenchmark.class) {
            return switch (params.getOrDefault("phase", "write")) {
                case "write" -> mb / write;
                case "read" -> mb / read;
                default -> mb / read + bytes(params.getOrDefault("tailSize", "0")) / 1e6 / write;
            };
        }
        if (benchmark == ReadColdBenchmark.class) {
            return mb / read;
        }
        return mb / CACHED_MBPS;
    }

    /** Whether the scenario reads the shared dataset, which the first of them writes. */
    private static boolean isRead(Scenario scenario) {
        return ReadBenchmarkBase.class.isAssignableFrom(scenario.benchmark())
                || scenario.benchmark() == TransferSocketBenchmark.class;
    }

    private static long bytes(String size) {
        return DataSize.parse(size).bytes();
    }
}
