package dev.sluice.log.kafka;

import dev.sluice.testing.ChildJvm;
import org.apache.kafka.tools.DumpLogSegments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Kafka 4.4's own {@code kafka-dump-log} ({@code DumpLogSegments}) in a child JVM, bounded in time. */
public final class KafkaDumpTool {
    /**
     * What the tool printed.
     *
     * @param out its stdout
     * @param errors its stderr lines, less the JVM's warnings about sun.misc.Unsafe
     * @param exit its exit status
     */
    public record Dump(String out, List<String> errors, int exit) {
    }

    private KafkaDumpTool() {
    }

    /** Runs the tool with {@code args}, its output kept in {@code workDir} until it is read. */
    public static Dump run(Path workDir, String... args) throws IOException, InterruptedException {
        Path out = workDir.resolve("dump.out");
        Path err = workDir.resolve("dump.err");
        Process p = new ProcessBuilder(ChildJvm.command(DumpLogSegments.class, args))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("DumpLogSegments did not finish in 120 s");
        }
        Dump d = new Dump(Files.readString(out),
                Files.readString(err).lines().filter(l -> !l.startsWith("WARNING:")).toList(), p.exitValue());
        Files.delete(out);
        Files.delete(err);
        return d;
    }
}
