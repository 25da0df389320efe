package dev.sluice.log.kafka;

/**
 * Builds a segment's {@code .index} and {@code .timeindex} from its batches, in order, by the rules
 * of Kafka's {@code LogSegment} (append and recover alike):
 * <ul>
 * <li>a batch gets an offset index entry, keyed by its <b>last</b> offset, with the position where
 *     it starts, when more than {@code indexIntervalBytes} ({@code log.index.interval.bytes},
 *     default 4096) of batches were added since the last entry; so the first batch of a segment
 *     never gets one;</li>
 * <li>each batch whose max timestamp is larger than any before it becomes the segment's largest
 *     timestamp, with the batch's last offset; whenever an offset index entry is added, that pair
 *     goes into the time index too, if its timestamp is new;</li>
 * <li>{@link #seal()} adds it once more, as Kafka does when it rolls or closes a segment, so the
 *     time index always ends with the segment's largest timestamp.</li>
 * </ul>
 * Not thread-safe: one writer owns it.
 */
public final class KafkaSegmentIndexer {
    /** Kafka's default {@code log.index.interval.bytes}. */
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;
    /** The largest segment Kafka's int32 positions can address. */
    public static final long MAX_SEGMENT_BYTES = Integer.MAX_VALUE;

    private final long baseOffset;
    private final int indexIntervalBytes;
    private final KafkaOffsetIndex offsetIndex;
    private final KafkaTimeIndex timeIndex;
    private long segmentBytes;
    private long bytesSinceLastIndexEntry;
    private long nextOffset;
    private long maxTimestamp = TimestampOffset.NO_TIMESTAMP;
    private long offsetOfMaxTimestamp;

    /**
     * An indexer for an empty segment.
     *
     * @param baseOffset the segment's base offset (its file name)
     * @param indexIntervalBytes Kafka's {@code log.index.interval.bytes}, at least 0
     */
    public KafkaSegmentIndexer(long baseOffset, int indexIntervalBytes) {
        this(new KafkaOffsetIndex(baseOffset), new KafkaTimeIndex(baseOffset), indexIntervalBytes);
    }

    /**
     * An indexer for a segment that already has batches and indexes (an active segment reopened),
     * in the state Kafka's {@code LogSegment} is in after it opens one: the largest timestamp is the
     * time index's last entry, and the byte count towards the next index entry starts again at 0.
     *
     * @param offsetIndex the segment's offset index, read back; later batches add to it
     * @param timeIndex the segment's time index, read back; later batches add to it
     * @param segmentBytes where the next batch starts (the valid end of the segment)
     * @param nextOffset the offset after the segment's last batch
     * @param indexIntervalBytes Kafka's {@code log.index.interval.bytes}, at least 0
     * @return the indexer
     */
    public static KafkaSegmentIndexer resume(KafkaOffsetIndex offsetIndex, KafkaTimeIndex timeIndex, long segmentBytes,
                                             long nextOffset, int indexIntervalBytes) {
        if (offsetIndex.baseOffset() != timeIndex.baseOffset()) {
            throw new IllegalArgumentException("the indexes are of segments based at " + offsetIndex.baseOffset() + " and "
                    + timeIndex.baseOffset());
        }
        if (segmentBytes < 0 || segmentBytes > MAX_SEGMENT_BYTES || nextOffset < offsetIndex.baseOffset()
                || (offsetIndex.entries() > 0 && offsetIndex.entry(offsetIndex.entries() - 1).position() >= segmentBytes)) {
            throw new IllegalArgumentException("segment of " + segmentBytes + " bytes up to offset " + nextOffset
                    + " does not fit its indexes");
        }
        KafkaSegmentIndexer indexer = new KafkaSegmentIndexer(offsetIndex, timeIndex, indexIntervalBytes);
        indexer.segmentBytes = segmentBytes;
        indexer.nextOffset = nextOffset;
        indexer.maxTimestamp = timeIndex.lastEntry().timestamp();
        indexer.offsetOfMaxTimestamp = timeIndex.lastEntry().offset();
        return indexer;
    }

    private KafkaSegmentIndexer(KafkaOffsetIndex offsetIndex, KafkaTimeIndex timeIndex, int indexIntervalBytes) {
        if (indexIntervalBytes < 0) {
            throw new IllegalArgumentException("index interval must be >= 0 bytes, was " + indexIntervalBytes);
        }
        this.baseOffset = offsetIndex.baseOffset();
        this.indexIntervalBytes = indexIntervalBytes;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.nextOffset = baseOffset;
        this.offsetOfMaxTimestamp = baseOffset;
    }

    /**
     * Accounts for the next batch of the segment, which starts at {@link #segmentBytes()}.
     *
     * @param batch the batch's header (checked by the caller)
     * @throws IllegalArgumentException if the batch's offsets do not follow the last batch's, its
     *         last offset is 2^31 or more past the base offset, or the segment would pass 2 GiB
     */
    public void onBatch(KafkaBatchHeader batch) {
        if (batch.baseOffset() < nextOffset) {
            throw new IllegalArgumentException("batch at offset " + batch.baseOffset() + " does not follow offset "
                    + (nextOffset - 1));
        }
        if (batch.lastOffset() - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + batch.lastOffset() + " is too far past the segment's base offset "
                    + baseOffset + " for its indexes");
        }
        if (segmentBytes + batch.sizeInBytes() > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("the batch would take the segment past " + MAX_SEGMENT_BYTES + " bytes");
        }
        if (batch.maxTimestamp() > maxTimestamp) {
            maxTimestamp = batch.maxTimestamp();
            offsetOfMaxTimestamp = batch.lastOffset();
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            offsetIndex.append(batch.lastOffset(), segmentBytes);
            timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
            bytesSinceLastIndexEntry = 0;
        }
        segmentBytes += batch.sizeInBytes();
        bytesSinceLastIndexEntry += batch.sizeInBytes();
        nextOffset = batch.nextOffset();
    }

    /**
     * Adds the segment's largest timestamp to the time index if it is not its last entry yet, as
     * Kafka does at roll and at close. Batches may follow (a closed active segment, reopened).
     */
    public void seal() {
        timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
    }

    /** {@return the bytes of the batches so far: where the next batch starts} */
    public long segmentBytes() {
        return segmentBytes;
    }

    /** {@return the offset after the last batch (the base offset when there is none)} */
    public long nextOffset() {
        return nextOffset;
    }

    /** {@return the largest timestamp so far and the last offset of its batch; ({@code -1}, base offset) before any} */
    public TimestampOffset maxTimestampSoFar() {
        return new TimestampOffset(maxTimestamp, offsetOfMaxTimestamp);
    }

    /** {@return the offset index built so far (live: later batches add to it)} */
    public KafkaOffsetIndex offsetIndex() {
        return offsetIndex;
    }

    /** {@return the time index built so far (live: later batches and {@link #seal()} add to it)} */
    public KafkaTimeIndex timeIndex() {
        return timeIndex;
    }
}
