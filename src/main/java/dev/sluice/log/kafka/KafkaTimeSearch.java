package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * Seek by time within one segment: the first record whose timestamp is at least T, as Kafka's
 * {@code LogSegment.findOffsetByTimestamp} (behind {@code offsetsForTimes}) finds it. The time
 * index gives the last entry with a timestamp at most T; every record before that entry's batch is
 * older than T. The offset index turns the entry's offset into a position, and the scan goes on
 * from there over batch headers, decoding only batches whose max timestamp reaches T.
 */
public final class KafkaTimeSearch {
    private KafkaTimeSearch() {
    }

    /**
     * The first record at or after {@code startingOffset} whose timestamp is at least {@code timestamp}.
     *
     * @param segment the segment's bytes (a torn or zero-filled tail ends the scan, as it ends Kafka's)
     * @param offsetIndex the segment's offset index
     * @param timeIndex the segment's time index
     * @param timestamp T, milliseconds since the epoch
     * @param startingOffset the smallest offset to return (the log's start, for a segment it cuts)
     * @param maxBatchBytes the largest batch accepted, in bytes
     * @return the record's timestamp and offset, or empty if no record of the segment qualifies
     * @throws KafkaFormatException if a batch on the way is invalid
     * @throws CompressedBatchException if the batch to decode is compressed with a codec whose library
     *         is not on the class path (compressed batches are decoded as {@link KafkaBatchDecoder#records} decodes them)
     */
    public static Optional<TimestampOffset> firstAtOrAfter(MemorySegment segment, KafkaOffsetIndex offsetIndex,
                                                           KafkaTimeIndex timeIndex, long timestamp, long startingOffset,
                                                           int maxBatchBytes)
            throws KafkaFormatException, CompressedBatchException {
        TimestampOffset floor = timeIndex.lookup(timestamp);
        long position = offsetIndex.lookup(Math.max(floor.offset(), startingOffset)).position();
        long end = segment.byteSize();
        while (end - position >= KafkaBatchHeader.HEADER_BYTES) {
            MemorySegment rest = segment.asSlice(position);
            KafkaBatchHeader h = KafkaBatchHeader.read(rest);
            String problem = KafkaBatchDecoder.headerProblem(h, rest.byteSize(), maxBatchBytes);
            if (problem != null) {
                boolean tornTail = h.magic() == KafkaBatchHeader.MAGIC && h.sizeInBytes() <= maxBatchBytes
                        && h.sizeInBytes() > rest.byteSize();
                if (tornTail || problem.equals(KafkaBatchDecoder.ZEROS)) {
                    break; // the end of what was written
                }
                throw new KafkaFormatException("batch at position " + position + ": " + problem);
            }
            if (h.maxTimestamp() >= timestamp && h.lastOffset() >= startingOffset) {
                MemorySegment batch = rest.asSlice(0, h.sizeInBytes());
                String bodyProblem = KafkaBatchDecoder.bodyProblem(batch);
                if (bodyProblem != null) {
                    throw new KafkaFormatException("batch at position " + position + ": " + bodyProblem);
                }
                for (LogRecord r : KafkaBatchDecoder.records(batch)) {
                    if (r.timestamp() >= timestamp && r.offset() >= startingOffset) {
                        return Optional.of(new TimestampOffset(r.timestamp(), r.offset()));
                    }
                }
            }
            position += h.sizeInBytes();
        }
        return Optional.empty();
    }
}
