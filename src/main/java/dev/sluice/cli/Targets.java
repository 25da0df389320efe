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
    private final int symlinks;
    private final int special;

    private Targets(List<Path> files, int failures, int symlinks, int special) {
        this.files = files;
        this.failures = failures;
        this.symlinks = symlinks;
        this.special = special;
    }

    static Targets expand(List<Path> paths, PrintWriter err, String command) {
        Set<Path> files = new LinkedHashSet<>();
        int[] failures = {0};
        int[] symlinks = {0};
        int[] special = {0};
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
                        } else if (attrs.isSymbolicLink()) {
                            symlinks[0]++; // not followed: what it names may be outside, or named twice
                        } else if (attrs.isOther()) {
                            special[0]++;
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
        return new Targets(List.copyOf(files), failures[0], symlinks[0], special[0]);
    }

    List<Path> files() {
        return files;
    }

    int failures() {
        return failures;
    }

    /** What the walks passed over, e.g. "skipped 1 symbolic link and 2 special files (...)"; empty if nothing. */
    String skipped() {
        if (symlinks == 0 && special == 0) {
            return "";
        }
        List<String> kinds = new ArrayList<>();
        if (symlinks > 0) {
            kinds.add(Plural.of(symlinks, "symbolic link") + " (not followed)");
        }
        if (special > 0) {
            kinds.add(Plural.of(special, "special file") + " (FIFO, socket or device)");
        }
        return "skipped " + String.join(" and ", kinds) + " in the directories: only regular files have a page cache";
    }
}
