package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;
import dev.sluice.log.RecordHeader;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.sluice.log.kafka.KafkaBatchHeader.HEADER_BYTES;
import static dev.sluice.log.kafka.KafkaBatchHeader.INT;
import static dev.sluice.log.kafka.KafkaBatchHeader.LONG;
import static dev.sluice.log.kafka.KafkaBatchHeader.NO_PRODUCER;
import static dev.sluice.log.kafka.KafkaBatchHeader.SHORT;

/**
 * Writes a v2 record batch as a Kafka producer without idempotence and without compression does:
 * attributes 0 (no codec, create time, not transactional, not control), producer id, epoch and
 * base sequence -1, the base timestamp the first record's, the max timestamp the largest.
 * Record offsets are stored as deltas from the base offset and must increase.
 */
public final class KafkaBatchEncoder {
    private KafkaBatchEncoder() {
    }

    /**
     * The size of the batch {@link #encode} writes.
     *
     * @param baseOffset the batch's base offset
     * @param records the records, offsets increasing from {@code baseOffset}
     * @return the batch's size in bytes
     * @throws IllegalArgumentException if the records cannot form a batch (none, offsets out of
     *         order or range, timestamps whose deltas overflow, more than 2 GiB)
     */
    public static int encodedSize(long baseOffset, List<LogRecord> records) {
        checkRecords(baseOffset, records);
        long baseTimestamp = records.getFirst().timestamp();
        long size = HEADER_BYTES;
        for (LogRecord r : records) {
            int body = bodySize(r, baseOffset, baseTimestamp);
            size += Varint.sizeOf(body) + (long) body;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a batch of these records would exceed 2 GiB");
            }
        }
        return (int) size;
    }

    /**
     * Encodes the records into a new array.
     *
     * @param baseOffset the batch's base offset
     * @param records the records, offsets increasing from {@code baseOffset}
     * @return the batch's bytes
     */
    public static byte[] encode(long baseOffset, List<LogRecord> records) {
        byte[] bytes = new byte[encodedSize(baseOffset, records)];
        encode(MemorySegment.ofArray(bytes), baseOffset, KafkaBatchHeader.NO_PARTITION_LEADER_EPOCH, records);
        return bytes;
    }

    /**
     * Writes the batch, CRC included, into {@code dst}.
     *
     * @param dst exactly {@link #encodedSize} bytes
     * @param baseOffset the batch's base offset
     * @param partitionLeaderEpoch the leader epoch to store (a broker stores its own; -1 for none)
     * @param records the records, offsets increasing from {@code baseOffset}
     */
    public static void encode(MemorySegment dst, long baseOffset, int partitionLeaderEpoch, List<LogRecord> records) {
        int size = encodedSize(baseOffset, records);
        if (dst.byteSize() != size) {
            throw new IllegalArgumentException("the batch is " + size + " bytes, the destination " + dst.byteSize());
        }
        long baseTimestamp = records.getFirst().timestamp();
        long maxTimestamp = Long.MIN_VALUE;
        for (LogRecord r : records) {
            maxTimestamp = Math.max(maxTimestamp, r.timestamp());
        }
        dst.set(LONG, 0, baseOffset);
        dst.set(INT, 8, size - KafkaBatchHeader.LOG_OVERHEAD);
        dst.set(INT, 12, partitionLeaderEpoch);
        dst.set(ValueLayout.JAVA_BYTE, 16, KafkaBatchHeader.MAGIC);
        dst.set(SHORT, 21, (short) 0);
        dst.set(INT, 23, (int) (records.getLast().offset() - baseOffset));
        dst.set(LONG, 27, baseTimestamp);
        dst.set(LONG, 35, maxTimestamp);
        dst.set(LONG, 43, NO_PRODUCER);
        dst.set(SHORT, 51, (short) NO_PRODUCER);
        dst.set(INT, 53, NO_PRODUCER);
        dst.set(INT, 57, records.size());
        long at = HEADER_BYTES;
        for (LogRecord r : records) {
            at = writeRecord(dst, at, r, baseOffset, baseTimestamp);
        }
        dst.set(INT, 17, KafkaBatchDecoder.crc(dst));
    }

    private static void checkRecords(long baseOffset, List<LogRecord> records) {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("base offset must be >= 0, was " + baseOffset);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one record");
        }
        long previous = baseOffset - 1;
        long baseTimestamp = records.getFirst().timestamp();
        for (LogRecord r : records) {
            if (r.offset() <= previous) {
                throw new IllegalArgumentException("record offset " + r.offset() + " after " + previous
                        + ": offsets must increase from the base offset " + baseOffset);
            }
            if (r.offset() - baseOffset > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("record offset " + r.offset() + " is more than 2^31-1 past the base offset "
                        + baseOffset);
            }
            Math.subtractExact(r.timestamp(), baseTimestamp); // the delta must fit a long
            previous = r.offset();
        }
    }

    private static int bodySize(LogRecord r, long baseOffset, long baseTimestamp) {
        long size = 1 // attributes
                + Varint.sizeOf(r.timestamp() - baseTimestamp)
                + Varint.sizeOf((int) (r.offset() - baseOffset))
                + bytesSize(r.key()) + bytesSize(r.payload())
                + Varint.sizeOf(r.headers().size());
        for (RecordHeader h : r.headers()) {
            int keyLength = h.key().getBytes(StandardCharsets.UTF_8).length;
            size += Varint.sizeOf(keyLength) + keyLength + bytesSize(h.value());
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a record of " + size + " bytes exceeds 2 GiB");
        }
        return (int) size;
    }

    private static long bytesSize(byte[] bytes) {
        return bytes == null ? Varint.sizeOf(-1) : Varint.sizeOf(bytes.length) + (long) bytes.length;
    }

    private static long writeRecord(MemorySegment dst, long at, LogRecord r, long baseOffset, long baseTimestamp) {
        at = Varint.write(dst, at, bodySize(r, baseOffset, baseTimestamp));
        dst.set(ValueLayout.JAVA_BYTE, at++, (byte) 0);
        at = Varint.write(dst, at, r.timestamp() - baseTimestamp);
        at = Varint.write(dst, at, (int) (r.offset() - baseOffset));
        at = writeBytes(dst, at, r.key());
        at = writeBytes(dst, at, r.payload());
        at = Varint.write(dst, at, r.headers().size());
        for (RecordHeader h : r.headers()) {
            at = writeBytes(dst, at, h.key().getBytes(StandardCharsets.UTF_8));
            at = writeBytes(dst, at, h.value());
        }
        return at;
    }

    private static long writeBytes(MemorySegment dst, long at, byte[] bytes) {
        if (bytes == null) {
            return Varint.write(dst, at, -1);
        }
        at = Varint.write(dst, at, bytes.length);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, dst, at, bytes.length);
        return at + bytes.length;
    }
}
