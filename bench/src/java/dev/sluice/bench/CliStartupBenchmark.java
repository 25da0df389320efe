package dev.sluice.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code cli-startup}: the wall time of one whole command-line process, from fork to exit,
 * as a tuning engineer running {@code ./sluice cache stat} in a loop sees it.
 * <ul>
 * <li>{@code java-version}: {@code java -version} of the JDK this benchmark runs on (the one the
 *     launcher finds): the floor every Java command line pays;</li>
 * <li>{@code sluice-version}: {@code ./sluice --version}, through the launcher script;</li>
 * <li>{@code sluice-cache-stat}: {@code ./sluice cache stat FILE} on a cached 1 MiB file.</li>
 * </ul>
 * The launcher is {@code sluice} under {@code -Dsluice.root} (the suite passes it on to its forks).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 3, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 3, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO})
public class CliStartupBenchmark {
    /** The property naming the source tree whose {@code ./sluice} is measured. */
    public static final String ROOT_PROPERTY = "sluice.root";

    @Param({"java-version", "sluice-version", "sluice-cache-stat"})
    public String variant;

    private Path file;
    private List<String> command;

    @Setup(Level.Trial)
    public void prepare() throws IOException, InterruptedException {
        Path launcher = Path.of(System.getProperty(ROOT_PROPERTY, "")).toAbsolutePath().resolve("sluice");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("no launcher at " + launcher + "; set -D" + ROOT_PROPERTY + " to the source tree");
        }
        file = Files.createTempFile(BenchFiles.directory(), "startup-", ".bin");
        Files.write(file, new byte[1 << 20]);
        command = switch (variant) {
            case "java-version" -> List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version");
            case "sluice-version" -> List.of(launcher.toString(), "--version");
            case "sluice-cache-stat" -> List.of(launcher.toString(), "cache", "stat", file.toString());
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
        run(); // the launcher builds the jar first if a source changed: not in the measurement
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public int run() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
        }
        return exit;
    }
}
