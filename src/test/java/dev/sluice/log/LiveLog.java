package dev.sluice.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The writer's log in the live-contract test, which the test closes and opens again (with another
 * configuration) while appenders and readers run. Appends and reads hold the shared side of a lock,
 * a reopen the exclusive side, so no append is lost to a close (the oracle stays exact) and readers
 * learn of a reopen from {@link #generation()}.
 */
final class LiveLog implements AutoCloseable {
    @FunctionalInterface
    interface Use<T> {
        T apply(Log log) throws IOException;
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Path dir;
    private volatile Log log;
    private volatile int generation;

    LiveLog(Path dir, LogConfig config) throws IOException {
        this.dir = dir;
        this.log = Log.open(dir, config);
    }

    <T> T use(Use<T> use) throws IOException {
        lock.readLock().lock();
        try {
            return use.apply(log);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes the log and opens it with {@code config}; the end must not move. */
    void reopen(LogConfig config) throws IOException {
        lock.writeLock().lock();
        try {
            log.close();
            long end = log.endOffset(); // after the close, which writes what a coalescing log still held
            log = Log.open(dir, config);
            if (log.endOffset() != end) {
                throw new AssertionError("the log ended at " + end + " before a clean close, at " + log.endOffset()
                        + " after reopening");
            }
            generation++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Changes at each reopen. */
    int generation() {
        return generation;
    }

    /** The current log, for reading its segment list without the lock. */
    Log current() {
        return log;
    }

    @Override
    public void close() throws IOException {
        lock.writeLock().lock();
        try {
            log.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
