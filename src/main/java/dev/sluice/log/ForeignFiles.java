package dev.sluice.log;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of a log directory that are not the log's, collected while it is listed so that they
 * are reported once, in one line, not once each.
 */
final class ForeignFiles {
    private static final int NAMED = 3;
    private final List<String> names = new ArrayList<>();

    void add(String name) {
        names.add(name);
    }

    boolean isEmpty() {
        return names.isEmpty();
    }

    /** e.g. "2 files that are not a log's (a.txt, b.txt)", naming a few. */
    String describe() {
        List<String> sorted = names.stream().sorted().toList();
        String named = String.join(", ", sorted.subList(0, Math.min(NAMED, sorted.size())))
                + (sorted.size() > NAMED ? " and " + (sorted.size() - NAMED) + " more" : "");
        return sorted.size() + (sorted.size() == 1 ? " file that is" : " files that are") + " not a log's (" + named + ")";
    }

    /** The error for a directory without a segment, saying what it holds instead. */
    NoSuchFileException noSegments(Path dir) {
        return new NoSuchFileException(dir.toString(), null, isEmpty() ? "no log segments (not a log, or not yet)"
                : "not a log: no log segments, only " + describe());
    }
}
