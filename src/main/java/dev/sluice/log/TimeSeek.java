package dev.sluice.log;

import dev.sluice.log.kafka.TimestampOffset;
import dev.sluice.sys.NativeFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.OptionalLong;

/**
 * The first offset whose record's timestamp is at least T, as Kafka's {@code offsetsForTimes} finds
 * it: the first segment whose largest timestamp reaches T; in it, from where its time index says every
 * record before has an earlier timestamp (Kafka's {@code .timeindex}; sluice's own index's time column),
 * batch headers up to the first batch whose max timestamp reaches T; in that batch, the first record
 * that does. Timestamps need not be in order: the answer is the first such record by offset.
 */
final class TimeSeek {
    private final SegmentSet segments;
    private final int maxBatchBytes;

    TimeSeek(SegmentSet segments, int maxBatchBytes) {
        this.segments = segments;
        this.maxBatchBytes = maxBatchBytes;
    }

    OptionalLong firstAtOrAfter(long timestamp) throws IOException {
        long start = segments.startOffset();
        List<Segment> snapshot = segments.list();
        try (Arena arena = Arena.ofConfined()) {
            BatchLocator locator = new BatchLocator(arena, maxBatchBytes);
            for (Segment segment : snapshot) {
                if (segment.nextOffset() <= start || segment.isEmpty() || largestTimestamp(segment) < timestamp) {
                    continue;
                }
                try (NativeFile file = segments.openForReading(segment)) {
                    long from = Math.max(start, segment.baseOffset);
                    long position = locator.trustedStart(segment, file,
                            Math.max(startingPosition(segment, timestamp), segment.index.floorPosition(from)), Long.MAX_VALUE);
                    BatchHeader batch;
                    while ((batch = locator.firstReaching(segment, file, position, from, timestamp)) != null) {
                        long found = firstRecordReaching(file, segment, batch, from, timestamp, arena);
                        if (found >= 0) {
                            return OptionalLong.of(found);
                        }
                        position = batch.end();
                    }
                }
            }
        }
        return OptionalLong.empty();
    }

    private static long largestTimestamp(Segment segment) {
        if (segment.kafkaIndexes == null) {
            return segment.maxTimestamp();
        }
        synchronized (segment.kafkaIndexes) {
            return Math.max(segment.maxTimestamp(), segment.kafkaIndexes.maxTimestampSoFar().timestamp());
        }
    }

    /** Where the search may start: every record before this position is older than {@code timestamp}. */
    private static long startingPosition(Segment segment, long timestamp) {
        if (segment.kafkaIndexes == null) {
            return segment.index.timeFloorPosition(timestamp);
        }
        TimestampOffset floor;
        synchronized (segment.kafkaIndexes) {
            floor = segment.kafkaIndexes.timeIndex().lookup(timestamp);
        }
        return segment.index.floorPosition(floor.offset());
    }

    /** The offset of the batch's first record from {@code from} on whose timestamp reaches {@code timestamp}, or -1. */
    private static long firstRecordReaching(NativeFile file, Segment segment, BatchHeader batch, long from,
                                            long timestamp, Arena arena) throws IOException {
        MemorySegment bytes = arena.allocate(batch.size());
        file.readFully(bytes, batch.position());
        String problem = segment.format.bodyProblem(bytes);
        if (problem != null) {
            throw new CorruptLogException(segment.name, batch.position(), problem);
        }
        long[] found = {-1};
        segment.format.visit(bytes, from, Integer.MAX_VALUE, (offset, ts, key, payload, headers) -> {
            if (found[0] < 0 && ts >= timestamp) {
                found[0] = offset;
            }
        });
        return found[0];
    }
}
