package dev.sluice.log;

import dev.sluice.sys.NativeDirectory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append path of a log open for writing: one batch at a time under the append lock, encoded
 * once into the memory the active segment's {@link SegmentWriter} stages it in, and written by it; rolls
 * when the active segment is full or old, and owns the background {@link Flusher}. Also the final
 * sync and clean-shutdown marker at close.
 */
final class LogAppender implements DurabilityTracker.SyncSource, AutoCloseable {
    private final Path path;
    private final NativeDirectory dir;
    private final LogConfig config;
    private final SegmentSet segments;
    private final DurabilityTracker durability;
    private final LogFailure failure;
    private final TailSignal tail;
    private final ReentrantLock lock = new ReentrantLock();
    private final Arena arena = Arena.ofShared();
    /** Where {@link IoMode#PWRITE} stages batches; null in the other modes. */
    private final MemorySegment batchBuffer;
    private final BatchFormat batches;
    private final Flusher flusher;
    private Segment active;
    private volatile SegmentWriter writer;
    private volatile boolean closed;

    LogAppender(Path path, NativeDirectory dir, LogConfig config, SegmentSet segments, DurabilityTracker durability,
                LogFailure failure, TailSignal tail) throws IOException {
        this.path = path;
        this.dir = dir;
        this.config = config;
        this.segments = segments;
        this.batches = BatchFormat.of(config.format());
        this.durability = durability;
        this.failure = failure;
        this.tail = tail;
        this.active = segments.last();
        try {
            // the other modes stage batches in memory of their own
            this.batchBuffer = config.ioMode() == IoMode.PWRITE ? arena.allocate(config.maxBatchBytes(), 4096) : null;
            this.writer = SegmentWriter.open(active, dir, config, batchBuffer);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
        this.flusher = Flusher.needed(config) ? new Flusher(this, durability, config, path) : null;
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
            checkWritable();
            long now = System.currentTimeMillis();
            maybeRoll(size, records.count(), now);
            base = active.nextOffset();
            long position = active.end();
            MemorySegment batch = writer.stage(position, size);
            batches.encode(batch, base, now, records);
            writer.write(batch, position);
            next = base + records.count();
            active.indexBatch(new BatchHeader(position, size, base, next, now), batch);
            active.appended(position + size, next, now, now);
            durability.appended(size);
            if (config.writeBehind().kind() == WriteBehind.Kind.BOUNDED) {
                writer.boundWriteBehind(config.writeBehind().bytes());
            }
            durability.written(next);
        } finally {
            lock.unlock();
        }
        tail.grew();
        if (flusher != null) {
            flusher.appended(size);
        }
        if (config.durability().kind() == Durability.Kind.EVERY_APPEND) {
            durability.syncUpTo(next, this);
        }
        return base;
    }

    /** Makes every append so far durable; see {@link Log#flush()}. */
    void flush() throws IOException {
        long target;
        lock.lock();
        try {
            checkWritable();
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

    private void maybeRoll(int batchSize, int records, long now) throws IOException {
        if (active.isEmpty()) {
            return;
        }
        // Kafka's indexes hold offsets relative to the segment's base in an int32, so Kafka rolls before they overflow
        boolean offsetsFull = batches.format() == LogFormat.KAFKA
                && active.nextOffset() + records - 1 - active.baseOffset > Integer.MAX_VALUE;
        boolean full = offsetsFull || active.end() + batchSize > config.segmentBytes();
        boolean old = config.segmentAge() != null && active.firstAppendMillis() > 0
                && now - active.firstAppendMillis() >= config.segmentAge().toMillis();
        if (full || old) {
            roll();
        }
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
        if (flusher != null) {
            flusher.stop();
        }
        lock.lock();
        try {
            closed = true;
            writer.close();
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
