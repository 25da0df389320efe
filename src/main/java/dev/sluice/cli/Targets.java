package dev.sluice.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files named on a command line: directories walked for their regular files, each file once
 * however often it is named. What cannot be read (a missing path, a directory without permission)
 * is reported, one line each, and the rest goes on.
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
        int[] failures = {0};
        for (Path path : paths) {
            try {
                // readAttributes, not exists(): it tells a missing path from one we may not see
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (!attributes.isDirectory()) {
                    files.add(path.toAbsolutePath().normalize());
                    continue;
                }
                List<Path> found = new ArrayList<>();
                Files.walkFileTree(path, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile()) {
                            found.add(file.toAbsolutePath().normalize());
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        err.println("sluice: " + command + ": " + OneLine.of(e));
                        failures[0]++;
                        return FileVisitResult.CONTINUE;
                    }
                });
                found.sort(null);
                files.addAll(found);
            } catch (IOException e) {
                err.println("sluice: " + command + ": " + OneLine.of(e));
                failures[0]++;
            }
        }
        return new Targets(List.copyOf(files), failures[0]);
    }

    List<Path> files() {
        return files;
    }

    int failures() {
        return failures;
    }
}
