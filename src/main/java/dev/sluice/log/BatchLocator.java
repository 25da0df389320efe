package dev.sluice.log;

import dev.sluice.log.kafka.KafkaBatchHeader;
import dev.sluice.sys.NativeFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Finds batches in a segment by reading their headers only (one small pread each), from a position
 * the segment's index gives: the batch holding an offset, or the first whose newest record is at
 * least a time. Reuses one header buffer; not thread-safe.
 */
final class BatchLocator {
    private final MemorySegment headerBuffer;
    private final int maxBatchBytes;

    BatchLocator(Arena arena, int maxBatchBytes) {
        this.headerBuffer = arena.allocate(Math.max(Batch.HEADER_BYTES, KafkaBatchHeader.HEADER_BYTES));
        this.maxBatchBytes = maxBatchBytes;
    }

    /** The checked header of the batch at {@code at} of {@code segment}, read through {@code file}. */
    BatchHeader header(Segment segment, NativeFile file, long at) throws IOException {
        BatchFormat format = segment.format;
        MemorySegment bytes = headerBuffer.asSlice(0, format.headerBytes());
        file.readFully(bytes, at);
        String problem = format.headerProblem(bytes, -1, segment.end() - at, maxBatchBytes);
        if (problem != null) {
            throw new CorruptLogException(segment.name, at, problem);
        }
        return format.header(bytes, at);
    }

    /** The batch holding {@code offset}, or null if the segment's published batches end before it. */
    BatchHeader holding(Segment segment, NativeFile file, long offset) throws IOException {
        long end = segment.end();
        for (long at = segment.index.floorPosition(offset); at < end; ) {
            BatchHeader h = header(segment, file, at);
            if (h.nextOffset() > offset) {
                return h;
            }
            at = h.end();
        }
        return null;
    }

    /**
     * The first batch from {@code position} on that holds an offset of at least {@code fromOffset} and
     * a record of at least {@code timestamp} (by its max timestamp), or null if none does.
     */
    BatchHeader firstReaching(Segment segment, NativeFile file, long position, long fromOffset, long timestamp)
            throws IOException {
        long end = segment.end();
        for (long at = position; at < end; ) {
            BatchHeader h = header(segment, file, at);
            if (h.maxTimestamp() >= timestamp && h.nextOffset() > fromOffset) {
                return h;
            }
            at = h.end();
        }
        return null;
    }
}
