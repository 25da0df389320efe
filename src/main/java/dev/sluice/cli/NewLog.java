package dev.sluice.cli;

import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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

    static Log open(Path dir, LogConfig config) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (!Files.exists(dir) && parent != null && !Files.isDirectory(parent)) {
            throw new NoSuchFileException(dir.toString(), null, "cannot create it: " + parent
                    + " is not a directory (--dir creates the log's own directory, not its parents)");
        }
        return Log.open(dir, config);
    }
}
