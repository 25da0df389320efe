package dev.sluice.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log's background thread: group commit (durability every N bytes or every interval),
 * write-behind every N bytes, and drop-behind, so none of it sits on the append path.
 */
final class Flusher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
    private static final long IDLE_WAKEUP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Log log;
    private final LogConfig config;
    private final Thread thread;
    private final Object wakeup = new Object();
    private final AtomicLong appends = new AtomicLong();
    private volatile boolean stopping;
    private long lastSyncNanos = System.nanoTime();

    Flusher(Log log, LogConfig config) {
        this.log = log;
        this.config = config;
        this.thread = Thread.ofPlatform().daemon().name("sluice-flusher-" + log.path().getFileName()).start(this);
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

    void appended() {
        appends.incrementAndGet();
        if (config.durability().kind() == Durability.Kind.BYTES || config.writeBehind().kind() == WriteBehind.Kind.EVERY
                || dropsBehind(config)) {
            synchronized (wakeup) {
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
                if (config.writeBehind().kind() == WriteBehind.Kind.EVERY) {
                    log.writeBehind();
                }
                syncIfDue();
                if (dropsBehind(config)) {
                    log.dropBehind();
                }
            } catch (LogFailedException e) {
                return; // the log is failed; appends report it
            } catch (IOException | RuntimeException e) {
                if (!log.isClosed()) {
                    LOG.warn("{}: background flush: {}", log.path(), e.toString());
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
        if (timeout > 0 && appends.get() == 0) {
            synchronized (wakeup) {
                TimeUnit.NANOSECONDS.timedWait(wakeup, timeout);
            }
        }
        appends.set(0);
    }

    private void syncIfDue() throws IOException {
        Durability durability = config.durability();
        long end = log.endOffset();
        if (log.durableOffset() >= end) {
            lastSyncNanos = System.nanoTime();
            return;
        }
        boolean due = switch (durability.kind()) {
            case BYTES -> log.unsyncedBytes() >= durability.bytes();
            case INTERVAL -> System.nanoTime() - lastSyncNanos >= durability.interval().toNanos();
            default -> false;
        };
        if (due) {
            log.syncUpTo(end);
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
