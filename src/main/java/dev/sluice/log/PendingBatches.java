package dev.sluice.log;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches a coalescing log has appended but not yet written ({@link Coalescing}): encoded one after
 * another into one buffer, which one pwrite puts at the active segment's end. Used under the append lock,
 * except while {@link CoalescedWrites}'s thread writes it.
 */
final class PendingBatches {
    /** {@link #oldestNanos()} when nothing is pending. */
    static final long NONE = Long.MIN_VALUE;

    private final MemorySegment buffer;
    private final long threshold;
    private final List<BatchHeader> headers = new ArrayList<>();
    private int bytes;
    private long oldestNanos = NONE;

    /** A buffer that takes any batch while it holds less than the threshold. */
    PendingBatches(Arena arena, Coalescing coalescing, int maxBatchBytes) {
        this.threshold = coalescing.bytes();
        this.buffer = arena.allocate(threshold - 1 + maxBatchBytes, 4096);
    }

    /** Where to encode the next batch, of {@code size} bytes. */
    MemorySegment stage(int size) {
        return buffer.asSlice(bytes, size);
    }

    /** The batch just encoded at {@link #stage} is pending; {@return whether it is the first} */
    boolean add(BatchHeader header) {
        headers.add(header);
        bytes += (int) header.size();
        if (headers.size() == 1) {
            oldestNanos = System.nanoTime();
            return true;
        }
        return false;
    }

    /** {@return whether the buffer holds the threshold or more: time to write it} */
    boolean isFull() {
        return bytes >= threshold;
    }

    boolean isEmpty() {
        return headers.isEmpty();
    }

    /** {@return when the oldest pending batch was appended (System.nanoTime), or {@link #NONE}} */
    long oldestNanos() {
        return oldestNanos;
    }

    /** {@return the segment position of the first pending batch} Only while not empty. */
    long position() {
        return headers.getFirst().position();
    }

    /** {@return the segment position after the last pending batch, or {@code otherwise} when none} */
    long end(long otherwise) {
        return headers.isEmpty() ? otherwise : headers.getLast().end();
    }

    /** {@return the offset after the last pending batch, or {@code otherwise} when none} */
    long nextOffset(long otherwise) {
        return headers.isEmpty() ? otherwise : headers.getLast().nextOffset();
    }

    /** {@return every pending batch, in one piece, as it goes into the segment} */
    MemorySegment all() {
        return buffer.asSlice(0, bytes);
    }

    List<BatchHeader> headers() {
        return headers;
    }

    /** {@return the pending batch {@code header} describes} */
    MemorySegment batch(BatchHeader header) {
        return buffer.asSlice(header.position() - position(), header.size());
    }

    /** Forgets every pending batch: written, or lost with a failed write. */
    void clear() {
        headers.clear();
        bytes = 0;
        oldestNanos = NONE;
    }
}
