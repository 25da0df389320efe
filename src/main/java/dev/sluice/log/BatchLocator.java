package dev.sluice.log;

import dev.sluice.log.kafka.KafkaBatchHeader;
import dev.sluice.sys.NativeFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds batches in a segment by reading their headers only (one small pread each), from a position
 * the segment's index gives: the batch holding an offset, or the first whose newest record is at
 * least a time. Reuses one header buffer; not thread-safe.
 */
final class BatchLocator {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLocator.class);
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
        for (long at = trustedStart(segment, file, segment.index.floorPosition(offset), offset); at < end; ) {
            BatchHeader h = header(segment, file, at);
            if (h.nextOffset() > offset) {
                return h;
            }
            at = h.end();
        }
        return null;
    }

    /**
     * {@code position}, an index entry's, if a valid batch whose base offset is at most {@code offset}
     * starts there; else 0, the segment's start. Kafka's {@code .index} has no checksum: an entry can be
     * well-formed and wrong, and must not make an intact segment unreadable.
     */
    long trustedStart(Segment segment, NativeFile file, long position, long offset) throws IOException {
        if (position == 0) {
            return 0;
        }
        try {
            if (header(segment, file, position).baseOffset() <= offset) {
                return position;
            }
        } catch (CorruptLogException wrongEntry) {
            // falls through: the index is wrong, not the segment
        }
        LOG.warn("{}: its index points at byte {}, where no batch at or before offset {} starts; reading from the "
                + "segment's start", segment.name, position, offset);
        return 0;
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
