package dev.sluice.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * How far the log is durable: group commit (one fdatasync covers every append before it), the
 * synced and durable offsets, the bytes no sync has covered yet, and the listeners that hear each
 * new durable offset. The only place those offsets move.
 */
final class DurabilityTracker {
    /** Under the facade's name, as before the split: what a user's logging configuration names. */
    private static final Logger LOG = LoggerFactory.getLogger(Log.class);

    /** What a sync covers, as the append path saw it under its lock. */
    record SyncPoint(Segment segment, SegmentWriter writer, long nextOffset, long end, long appendedBytes) {
    }

    /** The append path, as a sync sees it. */
    interface SyncSource {
        /** The active segment and how far it goes, read under the append lock; throws if the log is closed or failed. */
        SyncPoint syncPoint() throws IOException;

        /** Throws if the log is closed or failed. */
        void checkWritable() throws IOException;

        boolean isClosed();
    }

    private final Path path;
    private final LogConfig config;
    private final LogFailure failure;
    private final Supplier<RaceHooks> hooks;
    /** Serialises fdatasync calls, so one sync covers every append before it (group commit). */
    private final Object syncMonitor = new Object();
    /** Serialises publishing the durable offset (syncs and rolls race), so it and its notifications only increase. */
    private final Object durableMonitor = new Object();
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private volatile long durableOffset;
    /**
     * Offsets below this are on disk by an fdatasync (of the active segment, or of a sealed one at its
     * roll). Not {@link #durableOffset}: under {@link Durability#none()} that advances at every append,
     * and a flush must still sync.
     */
    private final AtomicLong syncedOffset = new AtomicLong();
    /** Batch bytes appended since open (under the append lock), and how many of them the last sync covered. */
    private volatile long appendedBytes;
    private volatile long syncedBytes;

    DurabilityTracker(Path path, LogConfig config, LogFailure failure, Supplier<RaceHooks> hooks, long recoveredEnd) {
        this.path = path;
        this.config = config;
        this.failure = failure;
        this.hooks = hooks;
        this.durableOffset = recoveredEnd;
        this.syncedOffset.set(recoveredEnd);
    }

    /** A batch of {@code bytes} was appended (under the append lock). */
    void appended(long bytes) {
        appendedBytes += bytes;
    }

    /** Appends up to {@code nextOffset} are written: durable already under {@link Durability#none()}. */
    void written(long nextOffset) {
        if (config.durability().kind() == Durability.Kind.NONE) {
            publish(nextOffset);
        }
    }

    long appendedBytes() {
        return appendedBytes;
    }

    /** A roll synced a segment that ends at {@code nextOffset}. */
    void sealed(long nextOffset) {
        syncedOffset.accumulateAndGet(nextOffset, Math::max);
        publish(nextOffset);
    }

    /** fdatasync of the active segment, unless a sync already covered {@code offset}. */
    void syncUpTo(long offset, SyncSource source) throws IOException {
        synchronized (syncMonitor) {
            if (syncedOffset.get() >= offset) {
                return;
            }
            SyncPoint point = source.syncPoint();
            hooks.get().beforeSync(point.segment());
            try {
                point.segment().file.syncData();
            } catch (ClosedChannelException e) {
                // A roll sealed the segment after the lock was let go (its own fdatasync covered every
                // append in it) and retention or close() then closed it: nothing failed on disk.
                if (!point.segment().isSealed() && !source.isClosed()) {
                    throw failure.fail(e);
                }
                source.checkWritable();
            } catch (IOException e) {
                throw failure.fail(e);
            }
            syncedBytes = point.appendedBytes();
            syncedOffset.accumulateAndGet(point.nextOffset(), Math::max);
            publish(point.nextOffset());
            if (config.cacheHint() != CacheHint.KEEP && config.durability().kind() != Durability.Kind.EVERY_APPEND) {
                try {
                    point.writer().dropSynced(point.end()); // the writer of the synced segment: a no-op once rolled
                } catch (IOException e) {
                    LOG.warn("{}: drop-behind after a sync: {}", path, e.toString()); // a hint; the data is durable
                }
            }
        }
    }

    /** Makes {@code offset} the durable offset if it is further, and tells the listeners. */
    void publish(long offset) {
        synchronized (durableMonitor) {
            if (offset <= durableOffset) {
                return;
            }
            durableOffset = offset;
            for (LongConsumer listener : listeners) {
                listener.accept(offset);
            }
        }
    }

    /** Bytes appended that no sync has covered yet. */
    long unsyncedBytes() {
        return appendedBytes - syncedBytes;
    }

    long durableOffset() {
        return durableOffset;
    }

    void onDurable(LongConsumer listener) {
        listeners.add(Objects.requireNonNull(listener));
    }
}
