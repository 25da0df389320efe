package dev.sluice.log.kafka;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The 61-byte header of a v2 record batch (magic 2), big-endian:
 * <pre>
 *  0 int64 baseOffset            the first offset of the batch
 *  8 int32 batchLength           bytes after this field
 * 12 int32 partitionLeaderEpoch  not covered by the CRC
 * 16 int8  magic                 2
 * 17 int32 crc                   CRC-32C (unsigned) of bytes [21, 12 + batchLength)
 * 21 int16 attributes            codec (bits 0-2), timestamp type (3), transactional (4), control (5), delete horizon (6)
 * 23 int32 lastOffsetDelta       last offset minus baseOffset
 * 27 int64 baseTimestamp
 * 35 int64 maxTimestamp
 * 43 int64 producerId            -1 without a producer
 * 51 int16 producerEpoch         -1 without a producer
 * 53 int32 baseSequence          -1 without a producer
 * 57 int32 recordCount
 * 61 records (compressed as a whole when the codec is not none)
 * </pre>
 *
 * @param baseOffset the first offset of the batch
 * @param batchLength the bytes after the length field
 * @param partitionLeaderEpoch the leader epoch of the partition when the batch was written, or -1
 * @param magic the format version (2)
 * @param crc the stored CRC-32C
 * @param attributes the attribute bits
 * @param lastOffsetDelta the last offset minus the base offset
 * @param baseTimestamp the timestamp record deltas are taken from
 * @param maxTimestamp the largest record timestamp (or the log-append time)
 * @param producerId the producer id, or -1
 * @param producerEpoch the producer epoch, or -1
 * @param baseSequence the first sequence number, or -1
 * @param recordCount the number of records
 */
public record KafkaBatchHeader(long baseOffset, int batchLength, int partitionLeaderEpoch, byte magic, int crc,
                               short attributes, int lastOffsetDelta, long baseTimestamp, long maxTimestamp,
                               long producerId, short producerEpoch, int baseSequence, int recordCount) {
    /** Bytes of the header; the records start here. */
    public static final int HEADER_BYTES = 61;
    /** Bytes before the length field's count starts: baseOffset and batchLength themselves. */
    public static final int LOG_OVERHEAD = 12;
    /** The only magic sluice reads and writes. */
    public static final byte MAGIC = 2;
    /** Where the CRC-covered bytes start: the attributes. */
    public static final int CRC_START = 21;
    /** The producer id, epoch and sequence of a batch without a producer. */
    public static final int NO_PRODUCER = -1;
    /** The leader epoch of a batch not written by a partition leader. */
    public static final int NO_PARTITION_LEADER_EPOCH = -1;

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    static final int COMPRESSION_MASK = 0x07;
    static final int TIMESTAMP_TYPE_MASK = 0x08;
    static final int TRANSACTIONAL_MASK = 0x10;
    static final int CONTROL_MASK = 0x20;
    static final int DELETE_HORIZON_MASK = 0x40;

    /**
     * The header at the start of {@code bytes}, unchecked (see {@link KafkaBatchDecoder#headerProblem}).
     *
     * @param bytes at least {@link #HEADER_BYTES} bytes
     * @return the header's fields
     * @throws IndexOutOfBoundsException if {@code bytes} is shorter than a header
     */
    public static KafkaBatchHeader read(MemorySegment bytes) {
        if (bytes.byteSize() < HEADER_BYTES) {
            throw new IndexOutOfBoundsException("a batch header is " + HEADER_BYTES + " bytes, got " + bytes.byteSize());
        }
        return new KafkaBatchHeader(bytes.get(LONG, 0), bytes.get(INT, 8), bytes.get(INT, 12),
                bytes.get(ValueLayout.JAVA_BYTE, 16), bytes.get(INT, 17), bytes.get(SHORT, 21), bytes.get(INT, 23),
                bytes.get(LONG, 27), bytes.get(LONG, 35), bytes.get(LONG, 43), bytes.get(SHORT, 51),
                bytes.get(INT, 53), bytes.get(INT, 57));
    }

    /** {@return the whole batch's size in bytes, {@code 12 + batchLength}} */
    public long sizeInBytes() {
        return LOG_OVERHEAD + (long) batchLength;
    }

    /** {@return the batch's last offset: what Kafka's {@code .index} keys it by} */
    public long lastOffset() {
        return baseOffset + lastOffsetDelta;
    }

    /** {@return the offset after the batch} */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** {@return the codec id (attribute bits 0-2); ids 5-7 are invalid} */
    public int compressionId() {
        return attributes & COMPRESSION_MASK;
    }

    /** {@return the codec, or null for an invalid id (which {@link KafkaBatchDecoder#headerProblem} reports)} */
    public KafkaCompression compression() {
        return KafkaCompression.ofId(compressionId());
    }

    /** {@return whether the records are compressed} */
    public boolean isCompressed() {
        return compressionId() != 0;
    }

    /** {@return what the timestamps mean} */
    public KafkaTimestampType timestampType() {
        return (attributes & TIMESTAMP_TYPE_MASK) == 0 ? KafkaTimestampType.CREATE_TIME : KafkaTimestampType.LOG_APPEND_TIME;
    }

    /** {@return whether the batch belongs to a transaction} */
    public boolean isTransactional() {
        return (attributes & TRANSACTIONAL_MASK) != 0;
    }

    /** {@return whether the batch holds control records (transaction markers, KRaft records), never shown to consumers} */
    public boolean isControl() {
        return (attributes & CONTROL_MASK) != 0;
    }

    /** {@return whether the base timestamp is a delete horizon set by compaction} */
    public boolean hasDeleteHorizon() {
        return (attributes & DELETE_HORIZON_MASK) != 0;
    }

    /** {@return whether a producer id is set (an idempotent or transactional producer)} */
    public boolean hasProducerId() {
        return producerId >= 0;
    }
}
