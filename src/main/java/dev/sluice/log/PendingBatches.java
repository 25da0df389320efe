package dev.sluice.log;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches a coalescing log has appended but not yet written ({@link Coalescing}): encoded one after
 * another into one buffer, which one write puts at the active segment's end. Where every write must
 * cover whole blocks ({@link IoMode#DIRECT}), the buffer starts with the segment's bytes from the block
 * the first batch starts in (the lead), and the write is padded with zeros to a whole block. Used under
 * the append lock, except while {@link CoalescedWrites}'s thread writes it.
 */
final class PendingBatches {
    /** {@link #oldestNanos()} when nothing is pending. */
    static final long NONE = Long.MIN_VALUE;

    private final MemorySegment buffer;
    private final long threshold;
    private final int block;
    private final List<BatchHeader> headers = new ArrayList<>();
    private int lead;
    private int bytes;
    private long oldestNanos = NONE;

    /**
     * A buffer that takes any batch while it holds less than the threshold.
     *
     * @param block the unit every write covers whole (1: any byte)
     * @param alignment the alignment of the buffer's start in memory
     */
    PendingBatches(Arena arena, Coalescing coalescing, int maxBatchBytes, int block, long alignment) {
        this.threshold = coalescing.bytes();
        this.block = block;
        this.buffer = arena.allocate(2L * (block - 1) + threshold - 1 + maxBatchBytes, alignment);
    }

    /** The first batch will go at segment {@code position}: sets the lead; only while empty. */
    void startAt(long position) {
        lead = (int) (position % block);
    }

    /** {@return where the segment's bytes before the first batch, in the same block, go} */
    MemorySegment leadRoom() {
        return buffer.asSlice(0, lead);
    }

    /** Where to encode the next batch, of {@code size} bytes. */
    MemorySegment stage(int size) {
        return buffer.asSlice(lead + bytes, size);
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
        return buffer.asSlice(lead, bytes);
    }

    /** {@return the write of whole blocks: the lead, every pending batch, zeros to the block's end} It starts at {@link #blocksStart()}. */
    MemorySegment blocks() {
        long filled = lead + bytes;
        long whole = (filled + block - 1) / block * block;
        buffer.asSlice(filled, whole - filled).fill((byte) 0);
        return buffer.asSlice(0, whole);
    }

    /** {@return the segment position {@link #blocks()} goes at} */
    long blocksStart() {
        return position() - lead;
    }

    /**
     * Copies the segment's bytes from the last block boundary to the end of the pending batches into
     * {@code dst} (at least one block long). Only while not empty.
     */
    void copyTail(MemorySegment dst) {
        long tail = end(0) % block;
        MemorySegment.copy(buffer, lead + bytes - tail, dst, 0, tail);
    }

    List<BatchHeader> headers() {
        return headers;
    }

    /** {@return the pending batch {@code header} describes} */
    MemorySegment batch(BatchHeader header) {
        return buffer.asSlice(lead + header.position() - position(), header.size());
    }

    /** Forgets every pending batch: written, or lost with a failed write. */
    void clear() {
        headers.clear();
        bytes = 0;
        lead = 0;
        oldestNanos = NONE;
    }
}
