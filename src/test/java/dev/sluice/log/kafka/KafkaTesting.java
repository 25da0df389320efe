package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;
import dev.sluice.log.RecordHeader;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random records, and conversions between sluice's records and kafka-clients' for the oracle tests. */
final class KafkaTesting {
    private KafkaTesting() {
    }

    /** Records with offsets {@code base, base+1, ...}: null and empty keys and values, headers, timestamps out of order. */
    static List<LogRecord> randomRecords(Random random, long baseOffset, int count, long timestamp, int maxValueBytes) {
        List<LogRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long ts = timestamp + random.nextInt(2001) - 1000; // producers' clocks go back and forth
            records.add(new LogRecord(baseOffset + i, ts, randomBytes(random, 40), randomBytes(random, maxValueBytes),
                    randomHeaders(random)));
        }
        return records;
    }

    static byte[] randomBytes(Random random, int maxBytes) {
        int kind = random.nextInt(8);
        if (kind == 0) {
            return null;
        }
        if (kind == 1) {
            return new byte[0];
        }
        byte[] bytes = new byte[random.nextInt(maxBytes + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    static List<RecordHeader> randomHeaders(Random random) {
        int n = random.nextInt(4) == 0 ? random.nextInt(4) : 0;
        List<RecordHeader> headers = new ArrayList<>(n);
        String[] keys = {"", "trace-id", "ключ", "\u00e9t\u00e9 \uD83D\uDE00", "k"};
        for (int i = 0; i < n; i++) {
            headers.add(new RecordHeader(keys[random.nextInt(keys.length)], randomBytes(random, 30)));
        }
        return headers;
    }

    static SimpleRecord toKafka(LogRecord r) {
        Header[] headers = r.headers().stream().map(h -> (Header) new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value())).toArray(Header[]::new);
        return new SimpleRecord(r.timestamp(), r.key(), r.payload(), headers);
    }

    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** A kafka-clients record as sluice's. */
    static LogRecord fromKafka(Record r) {
        List<RecordHeader> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(new RecordHeader(h.key(), h.value()));
        }
        return new LogRecord(r.offset(), r.timestamp(), r.hasKey() ? bytes(r.key()) : null,
                r.hasValue() ? bytes(r.value()) : null, headers);
    }

    /**
     * {@code batch} with its records section replaced by {@code section}, compressed with {@code codec}
     * (as another writer could compress the same records), the length and CRC made right.
     */
    static byte[] recompressed(byte[] batch, KafkaCompression codec, byte[] section) {
        ByteBuffer b = ByteBuffer.allocate(KafkaBatchHeader.HEADER_BYTES + section.length)
                .put(batch, 0, KafkaBatchHeader.HEADER_BYTES).put(section);
        b.putInt(8, b.capacity() - KafkaBatchHeader.LOG_OVERHEAD);
        b.putShort(21, (short) (b.getShort(21) & ~0x07 | codec.id()));
        java.lang.foreign.MemorySegment s = java.lang.foreign.MemorySegment.ofArray(b.array());
        s.set(KafkaBatchHeader.INT, 17, KafkaBatchDecoder.crc(s));
        return b.array();
    }

    static void assertSameRecords(List<LogRecord> actual, List<LogRecord> expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("record %d", i).isEqualTo(expected.get(i));
        }
    }
}
