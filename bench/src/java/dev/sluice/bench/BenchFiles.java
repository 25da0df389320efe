package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where benchmarks put their files: {@code -Dsluice.bench.dir}, by default {@code target/bench-tmp}
 * (the repository's disk, never a possibly tmpfs {@code /tmp}).
 */
public final class BenchFiles {
    /** The system property naming the directory. */
    public static final String DIRECTORY_PROPERTY = "sluice.bench.dir";

    private BenchFiles() {
    }

    public static Path directory() throws IOException {
        Path dir = Path.of(System.getProperty(DIRECTORY_PROPERTY, "target/bench-tmp")).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }
}
