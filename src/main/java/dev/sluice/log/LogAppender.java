package dev.sluice.log;

import dev.sluice.sys.NativeDirectory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The append path of a log open for writing: one batch at a time under the append lock, encoded
 * once into the memory the active segment's {@link SegmentWriter} stages it in, and written by it (or,
 * when coalescing, into a buffer of {@link CoalescedWrites}, written whole by its thread once full or
 * lingering, and here at a flush or roll); rolls when the active segment is full or old, and owns the
 * background {@link Flusher}. Also the final sync and clean-shutdown marker at close.
 */
final class LogAppender implements DurabilityTracker.SyncSource, CoalescedWrites.Target, AutoCloseable {
    private final Path path;
    private final NativeDirectory dir;
    private final LogConfig config;
    private final SegmentSet segments;
    private final DurabilityTracker durability;
    private final LogFailure failure;
    private final TailSignal tail;
    private final ReentrantLock lock = new ReentrantLock();
    private final Arena arena = Arena.ofShared();
    /** Where {@link IoMode#PWRITE} stages batches; null in the other modes, and when coalescing. */
    private final MemorySegment batchBuffer;
    /** The batches appended but not yet published, and their writer thread, when coalescing; else null. */
    private final CoalescedWrites coalesced;
    private final BatchFormat batches;
    private final Flusher flusher;
    private Segment active;
    private volatile SegmentWriter writer;
    private volatile boolean closed;

    LogAppender(Path path, NativeDirectory dir, LogConfig config, SegmentSet segments, DurabilityTracker durability,
                LogFailure failure, TailSignal tail, Supplier<RaceHooks> hooks) throws IOException {
        this.path = path;
        this.dir = dir;
        this.config = config;
        this.segments = segments;
        this.batches = BatchFormat.of(config.format());
        this.durability = durability;
        this.failure = failure;
        this.tail = tail;
        this.active = segments.last();
        boolean coalescing = config.coalescing().isOn();
        try {
            // the other modes stage batches in memory of their own
            this.batchBuffer = config.ioMode() == IoMode.PWRITE && !coalescing
                    ? arena.allocate(config.maxBatchBytes(), 4096) : null;
            this.writer = SegmentWriter.open(active, dir, config, batchBuffer);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
        this.flusher = Flusher.needed(config) ? new Flusher(this, durability, config, path) : null;
        this.coalesced = coalescing ? new CoalescedWrites(arena, config, writer, lock, this, failure, hooks, path) : null;
    }

    /** Appends {@code records} as one batch; see {@link Log#appendBatch(List)} and {@link Log#appendRecords(List)}. */
    long append(AppendRecords records) throws IOException {
        if (records.count() == 0) {
            throw new IllegalArgumentException("a batch needs at least one record");
        }
        // the size depends on neither the base offset nor the append's time: all records share it
        int size = batches.encodedSize(0, 0, records);
        if (size > config.maxBatchBytes()) {
            throw new IllegalArgumentException("batch of " + size + " bytes exceeds maxBatchBytes ("
                    + config.maxBatchBytes() + ")");
        }
        long base;
        long next;
        lock.lock();
        try {
            long now = makeRoom(size, records.count());
            base = nextOffset();
            next = base + records.count();
            long position = end();
            BatchHeader header = new BatchHeader(position, size, base, next, now);
            if (coalesced == null) {
                MemorySegment batch = writer.stage(position, size);
                batches.encode(batch, base, now, records);
                writer.write(batch, position);
                published(header, batch);
            } else {
                batches.encode(coalesced.stage(position, size), base, now, records);
                coalesced.add(header);
            }
        } finally {
            lock.unlock();
        }
        if (coalesced == null) {
            written(size);
        }
        if (config.durability().kind() == Durability.Kind.EVERY_APPEND) {
            durability.syncUpTo(next, this);
        }
        return base;
    }

    /**
     * Readies the log for the next batch (under the lock): writable, rolled if the batch would not fit or
     * the segment is old, and, when coalescing, a buffer with room. Waiting for the coalescing thread
     * releases the lock, so after a wait it looks at everything again. {@return the append's time}
     */
    private long makeRoom(int batchSize, int records) throws IOException {
        while (true) {
            checkWritable();
            long now = System.currentTimeMillis();
            if (needsRoll(batchSize, records, now)) {
                if (coalesced != null && !coalesced.isSettled()) {
                    coalesced.writeAll(); // other appends wait here too, so this ends with none pending
                    continue;
                }
                roll();
            }
            if (coalesced != null && coalesced.isFull()) {
                if (coalesced.awaitSettled()) {
                    continue;
                }
                coalesced.handOver();
            }
            return now;
        }
    }

    /** The segment's end as the next batch sees it: past the batches not yet published, when coalescing. */
    private long end() {
        return coalesced == null ? active.end() : coalesced.end(active.end());
    }

    /** The offset the next batch gets: past the batches not yet published, when coalescing. */
    private long nextOffset() {
        return coalesced == null ? active.nextOffset() : coalesced.nextOffset(active.nextOffset());
    }

    /** A batch is in the segment: index it and let readers, write-behind and durability see it (under the lock). */
    private void published(BatchHeader header, MemorySegment batch) throws IOException {
        active.indexBatch(header, batch);
        active.appended(header.end(), header.nextOffset(), header.maxTimestamp(), header.maxTimestamp());
        durability.appended(header.size());
        if (config.writeBehind().kind() == WriteBehind.Kind.BOUNDED) {
            writer.boundWriteBehind(config.writeBehind().bytes());
        }
        durability.written(header.nextOffset());
    }

    @Override
    public SegmentWriter writer() {
        return writer;
    }

    @Override
    public void publish(PendingBatches written) throws IOException {
        for (BatchHeader header : written.headers()) {
            published(header, written.batch(header));
        }
    }

    /** Wakes tailing readers and the flusher for {@code bytes} just published. */
    @Override
    public void written(long bytes) {
        tail.grew();
        if (flusher != null) {
            flusher.appended(bytes);
        }
    }

    /** Has every batch appended so far written and published, when coalescing; see {@link CoalescedWrites#writeAll()}. */
    private void writePending() throws IOException {
        if (coalesced != null) {
            coalesced.writeAll();
        }
    }

    /** Makes every append so far durable; see {@link Log#flush()}. */
    void flush() throws IOException {
        long target;
        lock.lock();
        try {
            checkWritable();
            writePending();
            target = active.nextOffset();
        } finally {
            lock.unlock();
        }
        durability.syncUpTo(target, this);
    }

    @Override
    public DurabilityTracker.SyncPoint syncPoint() throws IOException {
        lock.lock();
        try {
            checkWritable();
            return new DurabilityTracker.SyncPoint(active, writer, active.nextOffset(), active.end(),
                    durability.appendedBytes());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void checkWritable() throws IOException {
        if (closed) {
            throw new IllegalStateException("the log at " + path + " is closed");
        }
        failure.check();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** {@return the offset the next append gets} */
    long endOffset() {
        return segments.endOffset();
    }

    private boolean needsRoll(int batchSize, int records, long now) {
        if (end() == 0) {
            return false;
        }
        // Kafka's indexes hold offsets relative to the segment's base in an int32, so Kafka rolls before they overflow
        boolean offsetsFull = batches.format() == LogFormat.KAFKA
                && nextOffset() + records - 1 - active.baseOffset > Integer.MAX_VALUE;
        boolean full = offsetsFull || end() + batchSize > config.segmentBytes();
        boolean old = config.segmentAge() != null && active.firstAppendMillis() > 0
                && now - active.firstAppendMillis() >= config.segmentAge().toMillis();
        return full || old;
    }

    /**
     * Seals the active segment (trimmed, synced, indexed) and starts the next one. A roll that fails
     * part way fails the log: the writer is closed by then, and the error may be an fsync-family
     * one (segment, index, directory, recovery point), which must never be retried.
     */
    private void roll() throws IOException {
        Segment sealed = active;
        try {
            writer.close();
            segments.seal(sealed);
            durability.sealed(sealed.nextOffset());
            Segment next = segments.startNext(sealed);
            active = next;
            writer = SegmentWriter.open(next, dir, config, batchBuffer);
            segments.recordRecoveryPoint(next);
        } catch (IOException e) {
            throw failure.fail(e);
        }
        segments.applyRetention();
    }

    /**
     * The active segment's writer, for the background thread's write-behind and drop-behind (which
     * keep their progress in the writer, so a roll starts them afresh). Null once closed or failed.
     */
    SegmentWriter activeWriter() {
        return closed || failure.hasFailed() ? null : writer;
    }

    /**
     * Stops the flusher and appends, and unless the log failed syncs the active segment, publishes
     * its end as durable, writes its index and the clean-shutdown marker.
     */
    @Override
    public void close() throws IOException {
        if (coalesced != null) {
            coalesced.stop();
        }
        if (flusher != null) {
            flusher.stop();
        }
        lock.lock();
        try {
            closed = true;
            IOException unwritten = null;
            if (!failure.hasFailed()) {
                try {
                    writePending();
                } catch (IOException e) {
                    unwritten = e; // the log failed: close the writer, and say so
                }
            }
            writer.close();
            if (unwritten != null) {
                throw unwritten;
            }
            if (!failure.hasFailed()) {
                active.file.syncData();
                durability.publish(active.nextOffset());
                SegmentIndexFiles.write(dir, active);
                LogFiles.writeAtomically(dir, SegmentNames.CLEAN_SHUTDOWN, "");
            }
        } finally {
            lock.unlock();
            arena.close();
        }
    }
}
