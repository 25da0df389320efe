package dev.sluice.log;

import java.io.IOException;

/**
 * The bytes one {@link LogReader#transferTo} sends, as Kafka's {@code FileRecords.slice} chooses them:
 * whole batches from a batch boundary, as many as fit in the limit (at least one), never past the
 * segment's published end, found through the index where it has an entry in range and by batch
 * headers otherwise.
 *
 * @param start the first byte, a batch boundary
 * @param end the byte after the last batch sent
 * @param nextOffset the offset after the last record sent
 */
record TransferRange(long start, long end, long nextOffset) {
    /** Reads the header of the batch at a position of the segment. */
    interface Headers {
        BatchHeader at(long position) throws IOException;
    }

    /** The range of {@code segment} from {@code start} (a batch boundary before its end) within {@code maxBytes}. */
    static TransferRange of(Segment segment, long start, long maxBytes, Headers headers) throws IOException {
        Segment.Tail tail = segment.tail();
        long limit = Math.min(tail.end(), start + maxBytes);
        long indexed = segment.index.boundaryAtMost(start, limit);
        if (limit == tail.end()) {
            return new TransferRange(start, tail.end(), tail.nextOffset());
        }
        if (indexed > 0) {
            long offsetThere = segment.index.offsetAt(indexed);
            if (offsetThere >= 0) {
                return new TransferRange(start, indexed, offsetThere);
            }
            // an index keyed by last offsets (Kafka's, without a checksum) does not say where the batch there
            // starts, and may be wrong: its header says, and if there is none the headers from the start do
            try {
                return new TransferRange(start, indexed, headers.at(indexed).baseOffset());
            } catch (CorruptLogException wrongEntry) {
                // falls through to the walk
            }
        }
        BatchHeader h = headers.at(start);
        long end = h.end();
        long endOffset = h.nextOffset();
        while (end < limit) {
            BatchHeader next = headers.at(end);
            if (next.end() > limit) {
                break;
            }
            end = next.end();
            endOffset = next.nextOffset();
        }
        return new TransferRange(start, end, endOffset);
    }
}
