package dev.sluice.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log's background thread: group commit (durability every N bytes or every interval),
 * write-behind every N bytes, and drop-behind, so none of it sits on the append path.
 */
final class Flusher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
    private static final long IDLE_WAKEUP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LogAppender appender;
    private final DurabilityTracker durability;
    private final LogConfig config;
    private final Path path;
    private final Thread thread;
    private final Object wakeup = new Object();
    /** Bytes appended since the thread was last woken for them; it is woken again at {@link #wakeEvery}. */
    private final AtomicLong pendingBytes = new AtomicLong();
    private final long wakeEvery;
    /** Set (under {@link #wakeup}) when appends gave the thread work, so a wake-up is never lost. */
    private boolean workPending;
    private volatile boolean stopping;
    private long lastSyncNanos = System.nanoTime();

    Flusher(LogAppender appender, DurabilityTracker durability, LogConfig config, Path path) {
        this.appender = appender;
        this.durability = durability;
        this.config = config;
        this.path = path;
        this.wakeEvery = wakeEvery(config);
        this.thread = Thread.ofPlatform().daemon().name("sluice-flusher-" + path.getFileName()).start(this);
    }

    static boolean needed(LogConfig config) {
        Durability.Kind durability = config.durability().kind();
        return durability == Durability.Kind.BYTES || durability == Durability.Kind.INTERVAL
                || config.writeBehind().kind() == WriteBehind.Kind.EVERY || dropsBehind(config);
    }

    /**
     * Drop-behind also runs for UNCACHED: where RWF_DONTCACHE works it finds nothing cached and costs
     * little, and where a file system refuses it (tmpfs, or before 6.14) it is what keeps the promise.
     */
    private static boolean dropsBehind(LogConfig config) {
        return config.ioMode() != IoMode.DIRECT && config.cacheHint() != CacheHint.KEEP;
    }

    /** The smallest amount of new data that gives the thread work; intervals are kept by its timed wait. */
    private static long wakeEvery(LogConfig config) {
        long bytes = Long.MAX_VALUE;
        if (config.durability().kind() == Durability.Kind.BYTES) {
            bytes = Math.min(bytes, config.durability().bytes());
        }
        if (config.writeBehind().kind() == WriteBehind.Kind.EVERY) {
            bytes = Math.min(bytes, config.writeBehind().bytes());
        }
        if (dropsBehind(config)) {
            bytes = Math.min(bytes, SegmentWriter.DROP_BEHIND_STEP);
        }
        return bytes;
    }

    /** Called after each append: one atomic add, and a wake-up only when enough has piled up. */
    void appended(long bytes) {
        if (pendingBytes.addAndGet(bytes) >= wakeEvery) {
            pendingBytes.set(0);
            synchronized (wakeup) {
                workPending = true;
                wakeup.notify();
            }
        }
    }

    @Override
    public void run() {
        while (!stopping) {
            try {
                waitForWork();
                if (stopping) {
                    return;
                }
                SegmentWriter writer = appender.activeWriter();
                if (writer != null && config.writeBehind().kind() == WriteBehind.Kind.EVERY) {
                    writer.writeBehind(config.writeBehind().bytes());
                }
                syncIfDue();
                if (writer != null && dropsBehind(config)) {
                    writer.dropBehind();
                }
            } catch (LogFailedException e) {
                return; // the log is failed; appends report it
            } catch (IOException | RuntimeException e) {
                if (!appender.isClosed()) {
                    LOG.warn("{}: background flush: {}", path, e.toString());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void waitForWork() throws InterruptedException {
        long timeout = IDLE_WAKEUP_NANOS;
        if (config.durability().kind() == Durability.Kind.INTERVAL) {
            long due = lastSyncNanos + config.durability().interval().toNanos() - System.nanoTime();
            timeout = Math.max(0, Math.min(timeout, due));
        }
        synchronized (wakeup) {
            if (timeout > 0 && !workPending) {
                TimeUnit.NANOSECONDS.timedWait(wakeup, timeout);
            }
            workPending = false;
        }
    }

    private void syncIfDue() throws IOException {
        Durability policy = config.durability();
        long end = appender.endOffset();
        if (durability.durableOffset() >= end) {
            lastSyncNanos = System.nanoTime();
            return;
        }
        boolean due = switch (policy.kind()) {
            case BYTES -> durability.unsyncedBytes() >= policy.bytes();
            case INTERVAL -> System.nanoTime() - lastSyncNanos >= policy.interval().toNanos();
            default -> false;
        };
        if (due) {
            durability.syncUpTo(end, appender);
            lastSyncNanos = System.nanoTime();
        }
    }

    void stop() {
        stopping = true;
        synchronized (wakeup) {
            wakeup.notify();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
