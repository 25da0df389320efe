package dev.sluice.log;

import dev.sluice.log.kafka.KafkaBatchHeader;
import dev.sluice.log.kafka.KafkaSegmentIndexer;

import java.lang.foreign.MemorySegment;

/**
 * The indexes of one segment being built, batch by batch: the sparse index readers look offsets up
 * in, and in Kafka's format the {@code .index} and {@code .timeindex} Kafka keeps (null otherwise).
 */
record SegmentIndexes(SegmentIndex offsets, KafkaSegmentIndexer kafka) implements SegmentScanner.Batches {
    /** The indexes of an empty segment of this format. */
    static SegmentIndexes empty(BatchFormat format, long baseOffset, int indexIntervalBytes) {
        return format.format() == LogFormat.KAFKA
                ? new SegmentIndexes(SegmentIndex.of(LogFormat.KAFKA, indexIntervalBytes),
                        new KafkaSegmentIndexer(baseOffset, indexIntervalBytes))
                : new SegmentIndexes(SegmentIndex.of(LogFormat.SLUICE, indexIntervalBytes), null);
    }

    /**
     * Adds the batch at {@code h.position()}, whose header bytes start {@code header}; in Kafka's format
     * says why its indexes cannot hold it (offsets 2^31 or more past the segment's base, the segment past
     * 2 GiB, offsets going back), or null.
     */
    @Override
    public String onBatch(BatchHeader h, MemorySegment header) {
        if (kafka != null) {
            synchronized (kafka) {
                try {
                    kafka.onBatch(KafkaBatchHeader.read(header));
                } catch (IllegalArgumentException cannotIndex) {
                    return cannotIndex.getMessage();
                }
            }
        }
        offsets.onBatch(h);
        return null;
    }
}
