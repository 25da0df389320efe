package dev.sluice.bench.suite;

import dev.sluice.bench.Metrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Not a benchmark of anything: a scenario for {@link SuiteRunnerIT} whose {@code sluice-broken}
 * variant fails in its setup, and whose other variant records a secondary figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@Fork(1)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class BrokenVariantBenchmark {
    static final String FIGURE = "answer";

    @Param({"nio-plain", "sluice-broken"})
    public String variant;

    @Setup
    public void setUp() {
        if (variant.equals("sluice-broken")) {
            throw new IllegalStateException("broken on purpose\nand a second line");
        }
    }

    @Benchmark
    public long run() {
        Metrics.record(FIGURE, 42, "things");
        return System.nanoTime();
    }
}
