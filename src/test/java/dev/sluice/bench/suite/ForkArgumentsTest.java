package dev.sluice.bench.suite;

import dev.sluice.bench.BenchJvm;
import dev.sluice.bench.SyscallOverheadBenchmark;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ForkArgumentsTest {
    private static final Path DATA = Path.of("/results/data");

    private static Scenario scenarioOf(Class<?> benchmark, String method) {
        return new Scenario("s", "t", benchmark, method, List.of(SyntheticRuns.TIME), List.of("nio"), Map.of(), List.of(), "");
    }

    @Fork(jvmArgsAppend = {"-Xmx256m", BenchJvm.NATIVE_ACCESS})
    static class WithItsOwnFlags {
        public void run() {
        }

        @Fork(jvmArgsAppend = "-XX:+UseSerialGC")
        public void tuned() {
        }
    }

    @Test
    void theFlagsEveryForkNeedsAndWhereTheBenchmarkFilesGo() {
        assertThat(ForkArguments.of(scenarioOf(SyscallOverheadBenchmark.class, "run"), DATA)).containsExactly(
                BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO, "-Dsluice.bench.dir=/results/data");
        assertThat(ForkArguments.of(scenarioOf(BrokenVariantBenchmark.class, "run"), DATA)) // @Fork without jvmArgsAppend
                .containsExactly(BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO,
                        "-Dsluice.bench.dir=/results/data");
    }

    @Test
    void theBenchmarksOwnAppendedFlagsAreKeptTheMethodsBeforeTheClasss() {
        assertThat(ForkArguments.of(scenarioOf(WithItsOwnFlags.class, "run"), DATA)).containsExactly(
                BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO, "-Xmx256m", "-Dsluice.bench.dir=/results/data");
        assertThat(ForkArguments.of(scenarioOf(WithItsOwnFlags.class, "tuned"), DATA)).contains("-XX:+UseSerialGC")
                .doesNotContain("-Xmx256m");
    }
}
