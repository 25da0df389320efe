package dev.sluice.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A coalescing log's linger thread: writes the buffer once its oldest batch has waited the linger, so
 * a batch that does not fill the buffer is still seen. Parked while nothing is pending; an append that
 * starts a buffer wakes it only then.
 */
final class LingerWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LingerWriter.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LogAppender appender;
    private final PendingBatches pending;
    private final long lingerNanos;
    private final Path path;
    private final Thread thread;
    private volatile boolean idle;
    private volatile boolean stopping;

    LingerWriter(LogAppender appender, PendingBatches pending, long lingerNanos, Path path) {
        this.appender = appender;
        this.pending = pending;
        this.lingerNanos = lingerNanos;
        this.path = path;
        this.thread = Thread.ofPlatform().daemon().name("sluice-linger-" + path.getFileName()).start(this);
    }

    /** An append started a buffer (its oldest batch is now pending). */
    void started() {
        if (idle) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        while (!stopping) {
            long oldest = pending.oldestNanos();
            if (oldest == PendingBatches.NONE) {
                idle = true;
                // read again after saying so: an append that started a buffer meanwhile either is seen
                // here or sees idle and unparks (both fields are volatile)
                if (pending.oldestNanos() == PendingBatches.NONE && !stopping) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                idle = false;
                continue;
            }
            long waited = System.nanoTime() - oldest;
            if (waited < lingerNanos) {
                LockSupport.parkNanos(this, lingerNanos - waited);
                continue;
            }
            try {
                appender.writeLingering(lingerNanos);
            } catch (LogFailedException e) {
                return; // the log is failed; appends report it
            } catch (IOException | RuntimeException e) {
                if (!appender.isClosed()) {
                    LOG.warn("{}: writing the coalesced appends: {}", path, e.toString());
                }
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
        }
    }

    void stop() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
