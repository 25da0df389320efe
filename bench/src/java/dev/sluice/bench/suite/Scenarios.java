package dev.sluice.bench.suite;

import dev.sluice.bench.SyscallOverheadBenchmark;

import java.util.List;
import java.util.Map;

/** The suite: every scenario, in the order the suite runs and the report shows them. */
public final class Scenarios {
    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(syscallOverhead());
    }

    static Scenario syscallOverhead() {
        Metric time = Metric.primary("time per call", false);
        Map<String, List<String>> params = Map.of(Scenario.VARIANT_PARAM, List.of("raw", "sluice-safe"));
        return new Scenario("syscall-overhead",
                "ns per fcntl(F_GETFD) through the safe layer vs the raw generated handle",
                SyscallOverheadBenchmark.class, "run", List.of(time), List.of("raw"),
                Map.of(Profile.QUICK, new Settings(params, 3, 1, 1, 3, 1),
                        Profile.FULL, new Settings(params, 5, 1, 3, 5, 1),
                        Profile.SMOKE, new Settings(params, 1, 1, 0, 1, 1)),
                List.of(Targets.scoreWithin("the safe layer within 20 ns of the raw handle", time, "sluice-safe", "raw", 20.0)),
                "");
    }
}
