package dev.sluice.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Whether an fsync-family error has stopped the log, and the first such error. Once failed, a log
 * acknowledges nothing more: after a failed fdatasync the kernel may have marked the unwritten
 * pages clean, so a retry could only lie.
 */
final class LogFailure {
    /** Under the facade's name, as before the split: what a user's logging configuration names. */
    private static final Logger LOG = LoggerFactory.getLogger(Log.class);

    private final Path path;
    private volatile IOException cause;

    LogFailure(Path path) {
        this.path = path;
    }

    /** Fails the log with {@code cause} (the first error is the one kept) and returns what to throw. */
    LogFailedException fail(IOException cause) {
        synchronized (this) {
            if (this.cause == null) {
                this.cause = cause;
                LOG.error("{}: {} failed; the log accepts no writes until reopened", path, cause.getMessage());
            }
        }
        return new LogFailedException("the log at " + path + " failed: " + cause.getMessage(), cause);
    }

    /** Throws if the log has failed. */
    void check() throws LogFailedException {
        IOException failed = cause;
        if (failed != null) {
            throw new LogFailedException("the log at " + path + " failed and accepts no writes until reopened: "
                    + failed.getMessage(), failed);
        }
    }

    boolean hasFailed() {
        return cause != null;
    }
}
