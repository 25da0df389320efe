package dev.sluice.cli;

import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A log to write, for {@code log append} and {@code log gen}. Its directory is created if missing,
 * but not its parents: the log fsyncs the one directory it creates, so parents made here would not
 * be durable with it.
 */
final class NewLog {
    /** The option {@code --dir DIR} of the commands that write a log. */
    static final OptionSpec<Path> DIR = OptionSpec.value("--dir", "DIR", Converter::toPath,
            "The log directory (created if missing; its parent must exist).").required();

    private NewLog() {
    }

    /**
     * Opens the log for writing. With {@code formatChosen} (--format was given), an existing log in the
     * other format is refused before anything is written to it: the library would keep its format.
     */
    static Log open(Path dir, LogConfig config, boolean formatChosen) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (!Files.exists(dir) && parent != null && !Files.isDirectory(parent)) {
            throw new NoSuchFileException(dir.toString(), null, "cannot create it: " + parent
                    + " is not a directory (--dir creates the log's own directory, not its parents)");
        }
        if (formatChosen) {
            requireFormat(dir, config);
        }
        return Log.open(dir, config);
    }

    /** The format of the log already in {@code dir}, read-only; empty if there is none yet. */
    static Optional<LogFormat> existingFormat(Path dir, LogConfig config) throws IOException {
        if (!Files.isDirectory(dir) || isEmpty(dir)) {
            return Optional.empty();
        }
        try (Log log = Log.openReadOnly(dir, config)) {
            return Optional.of(log.config().format());
        } catch (NoSuchFileException e) {
            return Optional.empty(); // no segments yet: the writer makes them in the format asked for
        }
    }

    private static void requireFormat(Path dir, LogConfig config) throws IOException {
        Optional<LogFormat> found = existingFormat(dir, config);
        if (found.isEmpty()) {
            return;
        }
        LogFormat existing = found.get();
        if (existing != config.format()) {
            throw new IllegalArgumentException("the log in " + dir + " is in " + LogPolicyOptions.name(existing)
                    + " format, not " + LogPolicyOptions.name(config.format()) + ": an existing log keeps its format "
                    + "(leave --format out to append to it)");
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
