package dev.sluice.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files named on a command line: directories walked for their regular files, each file once
 * however often it is named. Paths that cannot be expanded are reported, one line each.
 */
final class Targets {
    private final List<Path> files;
    private final int failures;

    private Targets(List<Path> files, int failures) {
        this.files = files;
        this.failures = failures;
    }

    static Targets expand(List<Path> paths, PrintWriter err, String command) {
        Set<Path> files = new LinkedHashSet<>();
        int failures = 0;
        for (Path path : paths) {
            try {
                if (!Files.exists(path)) {
                    throw new NoSuchFileException(path.toString(), null, "no such file or directory");
                }
                if (Files.isDirectory(path)) {
                    try (Stream<Path> walk = Files.walk(path)) {
                        walk.filter(Files::isRegularFile).sorted().forEach(p -> files.add(p.toAbsolutePath().normalize()));
                    }
                } else {
                    files.add(path.toAbsolutePath().normalize());
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                err.println("sluice: " + command + ": " + OneLine.of(e instanceof java.io.UncheckedIOException u ? u.getCause() : e));
                failures++;
            }
        }
        return new Targets(List.copyOf(files), failures);
    }

    List<Path> files() {
        return files;
    }

    int failures() {
        return failures;
    }
}
