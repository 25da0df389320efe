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
    /**
     * The records of one batch as the encoder reads them, by index, so a caller can hand over its own
     * buffers (a log's appends) without building records first.
     */
    public interface Records {
        /** {@return how many records} */
        int count();

        /**
         * {@return the offset of record {@code i}}
         *
         * @param i the record, from 0
         */
        long offset(int i);

        /**
         * {@return the timestamp of record {@code i}, in ms since the epoch}
         *
         * @param i the record, from 0
         */
        long timestamp(int i);

        /**
         * {@return the key of record {@code i}, or null}
         *
         * @param i the record, from 0
         */
        MemorySegment key(int i);

        /**
         * {@return the value of record {@code i}, or null}
         *
         * @param i the record, from 0
         */
        MemorySegment value(int i);

        /**
         * {@return the headers of record {@code i}, never null}
         *
         * @param i the record, from 0
         */
        List<RecordHeader> headers(int i);
    }

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
        return encodedSize(baseOffset, of(records));
    }

    /**
     * The size of the batch {@link #encode(MemorySegment, long, int, Records)} writes.
     *
     * @param baseOffset the batch's base offset
     * @param records the records, offsets increasing from {@code baseOffset}
     * @return the batch's size in bytes
     * @throws IllegalArgumentException as {@link #encodedSize(long, List)}
     */
    public static int encodedSize(long baseOffset, Records records) {
        checkRecords(baseOffset, records);
        long baseTimestamp = records.timestamp(0);
        long size = HEADER_BYTES;
        for (int i = 0; i < records.count(); i++) {
            int body = bodySize(records, i, baseOffset, baseTimestamp);
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
        encode(dst, baseOffset, partitionLeaderEpoch, of(records));
    }

    /**
     * Writes the batch, CRC included, into {@code dst}.
     *
     * @param dst exactly {@link #encodedSize(long, Records)} bytes
     * @param baseOffset the batch's base offset
     * @param partitionLeaderEpoch the leader epoch to store (a broker stores its own; -1 for none)
     * @param records the records, offsets increasing from {@code baseOffset}
     */
    public static void encode(MemorySegment dst, long baseOffset, int partitionLeaderEpoch, Records records) {
        int size = encodedSize(baseOffset, records);
        if (dst.byteSize() != size) {
            throw new IllegalArgumentException("the batch is " + size + " bytes, the destination " + dst.byteSize());
        }
        int count = records.count();
        long baseTimestamp = records.timestamp(0);
        long maxTimestamp = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            maxTimestamp = Math.max(maxTimestamp, records.timestamp(i));
        }
        dst.set(LONG, 0, baseOffset);
        dst.set(INT, 8, size - KafkaBatchHeader.LOG_OVERHEAD);
        dst.set(INT, 12, partitionLeaderEpoch);
        dst.set(ValueLayout.JAVA_BYTE, 16, KafkaBatchHeader.MAGIC);
        dst.set(SHORT, 21, (short) 0);
        dst.set(INT, 23, (int) (records.offset(count - 1) - baseOffset));
        dst.set(LONG, 27, baseTimestamp);
        dst.set(LONG, 35, maxTimestamp);
        dst.set(LONG, 43, NO_PRODUCER);
        dst.set(SHORT, 51, (short) NO_PRODUCER);
        dst.set(INT, 53, NO_PRODUCER);
        dst.set(INT, 57, count);
        long at = HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            at = writeRecord(dst, at, records, i, baseOffset, baseTimestamp);
        }
        dst.set(INT, 17, KafkaBatchDecoder.crc(dst));
    }

    /** The records of a list, as the encoder reads them. */
    private static Records of(List<LogRecord> list) {
        return new Records() {
            @Override
            public int count() {
                return list.size();
            }

            @Override
            public long offset(int i) {
                return list.get(i).offset();
            }

            @Override
            public long timestamp(int i) {
                return list.get(i).timestamp();
            }

            @Override
            public MemorySegment key(int i) {
                return segment(list.get(i).key());
            }

            @Override
            public MemorySegment value(int i) {
                return segment(list.get(i).payload());
            }

            @Override
            public List<RecordHeader> headers(int i) {
                return list.get(i).headers();
            }
        };
    }

    private static MemorySegment segment(byte[] bytes) {
        return bytes == null ? null : MemorySegment.ofArray(bytes);
    }

    private static void checkRecords(long baseOffset, Records records) {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("base offset must be >= 0, was " + baseOffset);
        }
        if (records.count() == 0) {
            throw new IllegalArgumentException("a batch needs at least one record");
        }
        long previous = baseOffset - 1;
        long baseTimestamp = records.timestamp(0);
        for (int i = 0; i < records.count(); i++) {
            long offset = records.offset(i);
            if (offset <= previous) {
                throw new IllegalArgumentException("record offset " + offset + " after " + previous
                        + ": offsets must increase from the base offset " + baseOffset);
            }
            if (offset - baseOffset > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("record offset " + offset + " is more than 2^31-1 past the base offset "
                        + baseOffset);
            }
            Math.subtractExact(records.timestamp(i), baseTimestamp); // the delta must fit a long
            previous = offset;
        }
    }

    private static int bodySize(Records records, int i, long baseOffset, long baseTimestamp) {
        long size = 1 // attributes
                + Varint.sizeOf(records.timestamp(i) - baseTimestamp)
                + Varint.sizeOf((int) (records.offset(i) - baseOffset))
                + bytesSize(records.key(i)) + bytesSize(records.value(i));
        List<RecordHeader> headers = records.headers(i);
        size += Varint.sizeOf(headers.size());
        for (RecordHeader h : headers) {
            int keyLength = h.key().getBytes(StandardCharsets.UTF_8).length;
            size += Varint.sizeOf(keyLength) + keyLength + bytesSize(segment(h.value()));
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a record of " + size + " bytes exceeds 2 GiB");
        }
        return (int) size;
    }

    private static long bytesSize(MemorySegment bytes) {
        if (bytes == null) {
            return Varint.sizeOf(-1);
        }
        if (bytes.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a key or value of " + bytes.byteSize() + " bytes exceeds 2 GiB");
        }
        return Varint.sizeOf((int) bytes.byteSize()) + bytes.byteSize();
    }

    private static long writeRecord(MemorySegment dst, long at, Records records, int i, long baseOffset,
                                    long baseTimestamp) {
        at = Varint.write(dst, at, bodySize(records, i, baseOffset, baseTimestamp));
        dst.set(ValueLayout.JAVA_BYTE, at++, (byte) 0);
        at = Varint.write(dst, at, records.timestamp(i) - baseTimestamp);
        at = Varint.write(dst, at, (int) (records.offset(i) - baseOffset));
        at = writeBytes(dst, at, records.key(i));
        at = writeBytes(dst, at, records.value(i));
        List<RecordHeader> headers = records.headers(i);
        at = Varint.write(dst, at, headers.size());
        for (RecordHeader h : headers) {
            at = writeBytes(dst, at, MemorySegment.ofArray(h.key().getBytes(StandardCharsets.UTF_8)));
            at = writeBytes(dst, at, segment(h.value()));
        }
        return at;
    }

    private static long writeBytes(MemorySegment dst, long at, MemorySegment bytes) {
        if (bytes == null) {
            return Varint.write(dst, at, -1);
        }
        at = Varint.write(dst, at, (int) bytes.byteSize());
        MemorySegment.copy(bytes, 0, dst, at, bytes.byteSize());
        return at + bytes.byteSize();
    }
}
