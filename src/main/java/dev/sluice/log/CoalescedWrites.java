package dev.sluice.log;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A coalescing log's two buffers and its writer thread ({@link Coalescing}). Appends encode into the
 * filling buffer under the append lock (with {@link IoMode#DIRECT}, after the bytes of the block it starts
 * in). Once it holds the threshold, or its oldest batch has lingered, it goes to the writer thread, which
 * writes it with one write outside the lock while appends fill the other buffer, then publishes its
 * batches under the lock. So the appending thread pays for encoding,
 * not for the kernel's copy of the write; it waits only when the other buffer is still being written,
 * and when a flush, roll or close needs everything written. Every method but {@link #stop()} is called
 * under the append lock.
 */
final class CoalescedWrites implements Runnable {
    /** The log the buffers are written to. */
    interface Target {
        /** {@return the active segment's writer} Under the append lock. */
        SegmentWriter writer();

        /** Publishes a written buffer's batches: indexes them, lets readers and durability see them. Under the lock. */
        void publish(PendingBatches written) throws IOException;

        /** Wakes tailing readers and the flusher for {@code bytes} just published. */
        void written(long bytes);
    }

    private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final ReentrantLock lock;
    /** The writer thread waits on this: a buffer handed over, a first batch to linger on, a stop. */
    private final Condition work;
    /** Appends, flushes, rolls and close wait on this: the buffer in flight written and published. */
    private final Condition settled;
    private final Target target;
    private final LogFailure failure;
    private final Supplier<RaceHooks> hooks;
    private final long lingerNanos;
    private final Thread thread;
    private final int block;
    /** The last block's bytes of the buffer handed over or written last, which ends at tailEnd of tailSegment. */
    private final MemorySegment tail;
    private Segment tailSegment;
    private long tailEnd = -1;
    private PendingBatches filling;
    private PendingBatches spare;
    /** The buffer the writer thread is writing, and the writer it writes with; null when none. */
    private PendingBatches inFlight;
    private SegmentWriter inFlightWriter;
    private boolean stopping;

    /**
     * @param writer the active segment's writer, whose write unit and memory alignment the buffers take (a
     *               segment the log rolls to has the same, being in the same directory)
     */
    CoalescedWrites(Arena arena, LogConfig config, SegmentWriter writer, ReentrantLock lock, Target target,
                    LogFailure failure, Supplier<RaceHooks> hooks, Path path) {
        this.lock = lock;
        this.work = lock.newCondition();
        this.settled = lock.newCondition();
        this.target = target;
        this.failure = failure;
        this.hooks = hooks;
        this.lingerNanos = config.coalescing().lingerNanos();
        this.block = writer.coalescingBlock();
        long alignment = writer.bufferAlignment();
        this.tail = arena.allocate(block, alignment);
        this.filling = new PendingBatches(arena, config.coalescing(), config.maxBatchBytes(), block, alignment);
        this.spare = new PendingBatches(arena, config.coalescing(), config.maxBatchBytes(), block, alignment);
        this.thread = Thread.ofPlatform().daemon().name("sluice-coalesce-" + path.getFileName()).start(this);
    }

    /** {@return the segment position after every batch not yet published, or {@code published} when none} */
    long end(long published) {
        return filling.end(inFlight == null ? published : inFlight.end(published));
    }

    /** {@return the offset after every batch not yet published, or {@code published} when none} */
    long nextOffset(long published) {
        return filling.nextOffset(inFlight == null ? published : inFlight.nextOffset(published));
    }

    /** {@return whether the filling buffer takes no more batches: it must go first} */
    boolean isFull() {
        return filling.isFull();
    }

    /**
     * Waits, releasing the append lock, until no buffer is in flight. {@return whether it waited: then the
     * log may have changed meanwhile (other appends, a roll, a failure), and the caller looks again}
     */
    boolean awaitSettled() {
        boolean waited = inFlight != null;
        while (inFlight != null) {
            settled.awaitUninterruptibly();
        }
        return waited;
    }

    /**
     * Where to encode the next batch, of {@code size} bytes, which goes at segment {@code position}; only
     * while not {@link #isFull()}. A buffer's first batch brings the lead its block-aligned write needs: the
     * bytes before it in its block, from the buffer handed over last or, when none ends there (the log just
     * opened), from the file, where they are by then.
     */
    MemorySegment stage(long position, int size) throws IOException {
        if (filling.isEmpty()) {
            SegmentWriter writer = target.writer();
            if (writer.coalescingBlock() != block) {
                throw new IOException(writer.segment.file.path() + ": its writes need blocks of " + writer.coalescingBlock()
                        + " bytes, where the log's first segment needed " + block);
            }
            filling.startAt(position);
            MemorySegment lead = filling.leadRoom();
            if (lead.byteSize() > 0) {
                if (tailSegment == writer.segment && tailEnd == position) {
                    MemorySegment.copy(tail, 0, lead, 0, lead.byteSize());
                } else {
                    writer.segment.file.readFully(lead, position - lead.byteSize());
                }
            }
        }
        return filling.stage(size);
    }

    /** The buffer will take no more batches: keeps its last block's bytes, the lead of the next. */
    private void finished(PendingBatches buffer) {
        if (block > 1) {
            buffer.copyTail(tail);
            tailSegment = target.writer().segment;
            tailEnd = buffer.end(0);
        }
    }

    /** The batch just encoded at {@link #stage} is pending; hands the buffer over if that filled it. */
    void add(BatchHeader header) throws IOException {
        boolean first = filling.add(header);
        if (filling.isFull() && inFlight == null) {
            handOver();
        } else if (first) {
            work.signal(); // its linger starts now
        }
    }

    /**
     * Hands the filling buffer to the writer thread; only when none is in flight. Once the thread is
     * stopping (the log is closing) the caller writes it instead.
     */
    void handOver() throws IOException {
        failure.check(); // a failed log's writer thread has ended
        if (filling.isEmpty()) {
            return;
        }
        if (stopping) {
            writeNow();
            return;
        }
        finished(filling);
        inFlight = filling;
        inFlightWriter = target.writer();
        filling = spare;
        spare = null;
        work.signal();
    }

    /** {@return whether every batch appended is published: none filling, none in flight} */
    boolean isSettled() {
        return inFlight == null && filling.isEmpty();
    }

    /**
     * Has every batch appended before the call written and published: the one in flight, then the
     * filling one, by the writer thread (or by this one, once the thread is stopping). Waits releasing the
     * lock, so appends of other threads may be filling the buffer again on return.
     */
    void writeAll() throws IOException {
        awaitSettled();
        if (!filling.isEmpty()) {
            handOver();
            awaitSettled();
        }
        failure.check();
    }

    /**
     * Writes the filling buffer on the calling thread and publishes it; only when none is in flight.
     * A failure fails the log: appends that returned are lost with it.
     */
    private void writeNow() throws IOException {
        if (filling.isEmpty()) {
            return;
        }
        finished(filling);
        IOException error = null;
        try {
            target.writer().writeCoalesced(filling);
        } catch (IOException e) {
            error = e;
        }
        publishWritten(filling, error);
    }

    /**
     * Publishes a buffer just written, or fails the log with the write's error (or the publish's: bounded
     * write-behind), and forgets the buffer either way, so no batch is published twice.
     */
    private void publishWritten(PendingBatches buffer, IOException writeError) throws IOException {
        long bytes = buffer.all().byteSize();
        IOException error = writeError;
        try {
            if (error == null) {
                target.publish(buffer);
            }
        } catch (IOException e) {
            error = e;
        } finally {
            buffer.clear();
        }
        if (error != null) {
            throw failure.fail(error);
        }
        target.written(bytes);
    }

    @Override
    public void run() {
        lock.lock();
        try {
            while (!failure.hasFailed()) {
                if (inFlight == null) {
                    if (stopping) {
                        return;
                    }
                    long oldest = filling.oldestNanos();
                    if (oldest == PendingBatches.NONE) {
                        work.awaitUninterruptibly();
                        continue;
                    }
                    long wait = lingerNanos - (System.nanoTime() - oldest);
                    if (wait > 0) {
                        awaitWork(wait);
                        continue;
                    }
                    handOver();
                    continue;
                }
                writeInFlight();
            }
        } catch (LogFailedException e) {
            // the log is failed; appends report it
        } catch (IOException | RuntimeException e) {
            failure.fail(e instanceof IOException io ? io : new IOException("writing coalesced appends: " + e, e));
        } finally {
            // a failed log's waiters wake to find it failed
            inFlight = null;
            settled.signalAll();
            lock.unlock();
        }
    }

    /** Writes the buffer in flight outside the lock, then publishes it under the lock; the next full buffer goes next. */
    private void writeInFlight() throws IOException {
        PendingBatches buffer = inFlight;
        SegmentWriter writer = inFlightWriter;
        IOException error = null;
        lock.unlock();
        try {
            hooks.get().coalescedWriting(writer.segment);
            writer.writeCoalesced(buffer);
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new IOException("writing coalesced appends: " + e, e);
        } finally {
            lock.lock();
        }
        try {
            publishWritten(buffer, error);
        } finally {
            spare = buffer;
            inFlight = null;
            inFlightWriter = null;
            settled.signalAll();
        }
        if (filling.isFull()) {
            handOver();
        }
    }

    private void awaitWork(long nanos) {
        try {
            work.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // only stop() ends the thread; it looks again
        }
    }

    /**
     * Lets the buffer in flight be written, then ends the writer thread; from then on a full buffer is
     * written by the append that fills it, and the rest by the log's close. Not under the lock.
     */
    void stop() {
        lock.lock();
        try {
            stopping = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
