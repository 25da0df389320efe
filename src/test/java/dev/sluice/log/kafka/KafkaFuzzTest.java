package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fuzz targets for the Kafka format's parsers (the compressed codecs included: all four are on the
 * test class path). Plain {@code mvn test} replays the committed inputs
 * in {@code src/test/resources/dev/sluice/log/kafka/KafkaFuzzTestInputs/<method>/} (written by
 * {@link KafkaFuzzSeeds}); to fuzz for real:
 * <pre>
 * JAZZER_FUZZ=1 mvn test -Dtest='KafkaFuzzTest#batchDecoder' -Djazzer.max_duration=60s
 * </pre>
 * <ul>
 * <li>{@link #batchDecoder}: raw bytes, read as one batch and as a run of batches, then again with
 *     every CRC made right so the fuzzer gets past the checksum;</li>
 * <li>{@link #indexReaders}: a mode byte (bit 0: 0 offset index, 1 time index), int64 base offset
 *     and int64 segment size (big-endian, sign bit cleared), then the index file.</li>
 * </ul>
 */
class KafkaFuzzTest {
    private static final int MAX = 64 * 1024;
    /** A compressed input may inflate far past its size: decoded to at most 1 MiB here, to keep each run quick. */
    private static final int MAX_DECOMPRESSED = 1 << 20;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /**
     * Nothing but the documented exceptions comes out of the decoder; a header that passes is
     * within maxBatchBytes and the bytes given; an accepted batch carries the CRC-32C of its bytes
     * (computed here, not by the decoder), Kafka's own classes find it valid and read the same
     * records (a compressed batch's too, unless sluice refuses its stream, never the other way
     * round), and the records re-encode to a batch that decodes to them again.
     */
    @FuzzTest
    void batchDecoder(byte[] input) throws Exception {
        decodeOne(input);
        decodeRun(input);
        byte[] fixed = input.clone();
        if (fixCrcs(fixed)) {
            decodeOne(fixed);
            decodeRun(fixed);
        }
    }

    private static void decodeOne(byte[] input) throws Exception {
        MemorySegment bytes = MemorySegment.ofArray(input);
        if (input.length < KafkaBatchHeader.HEADER_BYTES) {
            assertThatThrownBy(() -> KafkaBatchDecoder.check(bytes, MAX)).isInstanceOf(KafkaFormatException.class);
            return;
        }
        KafkaBatchHeader h = KafkaBatchHeader.read(bytes);
        String problem = KafkaBatchDecoder.headerProblem(h, input.length, MAX);
        if (problem != null) {
            assertThatThrownBy(() -> KafkaBatchDecoder.check(bytes, MAX)).isInstanceOf(KafkaFormatException.class)
                    .hasMessageContaining(problem);
            return;
        }
        assertThat(h.sizeInBytes()).isBetween((long) KafkaBatchHeader.HEADER_BYTES, Math.min(MAX, (long) input.length));
        MemorySegment batch = bytes.asSlice(0, h.sizeInBytes());
        String body = KafkaBatchDecoder.bodyProblem(batch);
        if (body != null) {
            try {
                KafkaBatchDecoder.records(batch, MAX_DECOMPRESSED);
            } catch (KafkaFormatException expected) {
                // allowed for a batch that failed its checks (every codec is on the test class path)
            }
            return;
        }
        assertThat(Integer.toUnsignedLong(batch.get(INT, 17))).isEqualTo(crc32c(input, KafkaBatchHeader.CRC_START,
                (int) h.sizeInBytes()));
        RecordBatch kafka = MemoryRecords.readableRecords(ByteBuffer.wrap(input, 0, (int) h.sizeInBytes()))
                .batches().iterator().next();
        assertThat(kafka.isValid()).as("Kafka agrees the CRC is right").isTrue();
        List<LogRecord> records;
        try {
            records = KafkaBatchDecoder.records(batch, MAX_DECOMPRESSED);
        } catch (KafkaFormatException e) {
            // only a compressed stream is checked after the body: an uncompressed batch that passed decodes
            assertThat(h.isCompressed()).as(e.getMessage()).isTrue();
            return;
        }
        assertThat(records).hasSize(h.recordCount());
        long previous = h.baseOffset() - 1;
        for (LogRecord r : records) {
            assertThat(r.offset()).isGreaterThan(previous).isLessThanOrEqualTo(h.lastOffset());
            previous = r.offset();
            if (h.timestampType() == KafkaTimestampType.LOG_APPEND_TIME) {
                assertThat(r.timestamp()).isEqualTo(h.maxTimestamp());
            }
        }
        List<LogRecord> kafkaRecords = new ArrayList<>();
        for (Record r : kafka) {
            kafkaRecords.add(KafkaTesting.fromKafka(r));
        }
        KafkaTesting.assertSameRecords(records, kafkaRecords);
        if (records.isEmpty()) {
            return;
        }
        byte[] again;
        try {
            again = KafkaBatchEncoder.encode(h.baseOffset(), records);
        } catch (ArithmeticException e) {
            return; // fuzzed timestamps whose deltas from the first record overflow a long
        }
        KafkaBatchDecoder.check(MemorySegment.ofArray(again), Integer.MAX_VALUE);
        assertThat(KafkaBatchDecoder.records(MemorySegment.ofArray(again))).isEqualTo(records);
    }

    /** Decodes {@code input} as a run of batches from position 0, as a scan of a segment does. */
    private static void decodeRun(byte[] input) throws Exception {
        MemorySegment bytes = MemorySegment.ofArray(input);
        long position = 0;
        while (input.length - position >= KafkaBatchHeader.HEADER_BYTES) {
            MemorySegment rest = bytes.asSlice(position);
            KafkaBatchHeader h = KafkaBatchHeader.read(rest);
            if (KafkaBatchDecoder.headerProblem(h, rest.byteSize(), MAX) != null) {
                return;
            }
            MemorySegment batch = rest.asSlice(0, h.sizeInBytes());
            if (KafkaBatchDecoder.bodyProblem(batch) != null) {
                return;
            }
            if (!h.isCompressed()) {
                assertThat(KafkaBatchDecoder.records(batch)).hasSize(h.recordCount());
            } else {
                try {
                    assertThat(KafkaBatchDecoder.records(batch, MAX_DECOMPRESSED)).hasSize(h.recordCount());
                } catch (KafkaFormatException e) {
                    // a corrupt compressed stream behind a right CRC
                }
            }
            position += h.sizeInBytes();
        }
    }

    /** Rewrites the CRC of each batch whose length field fits, walking by length fields; whether it changed anything. */
    static boolean fixCrcs(byte[] bytes) {
        boolean changed = false;
        MemorySegment s = MemorySegment.ofArray(bytes);
        long position = 0;
        while (bytes.length - position >= KafkaBatchHeader.HEADER_BYTES) {
            long size = KafkaBatchHeader.LOG_OVERHEAD + (long) s.get(INT, position + 8);
            if (size < KafkaBatchHeader.HEADER_BYTES || size > bytes.length - position) {
                break;
            }
            int crc = (int) crc32c(bytes, (int) position + KafkaBatchHeader.CRC_START, (int) (position + size));
            if (s.get(INT, position + 17) != crc) {
                s.set(INT, position + 17, crc);
                changed = true;
            }
            position += size;
        }
        return changed;
    }

    private static long crc32c(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return crc.getValue();
    }

    /**
     * An index file read back: either refused with a KafkaFormatException, or entries that
     * increase, lie within the segment, serialize back to the file (less a zero-filled tail), and
     * look up as a linear search does.
     */
    @FuzzTest
    void indexReaders(byte[] input) {
        if (input.length < 17) {
            return;
        }
        ByteBuffer params = ByteBuffer.wrap(input, 1, 16);
        long baseOffset = Math.min(params.getLong() & Long.MAX_VALUE, KafkaOffsetIndex.MAX_BASE_OFFSET);
        long segmentBytes = params.getLong() & Long.MAX_VALUE;
        byte[] file = Arrays.copyOfRange(input, 17, input.length);
        List<Long> queries = new ArrayList<>(List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE, baseOffset, baseOffset - 1,
                baseOffset + 1));
        if ((input[0] & 1) == 0) {
            KafkaOffsetIndex index;
            try {
                index = KafkaOffsetIndex.read(MemorySegment.ofArray(file), baseOffset, segmentBytes);
            } catch (KafkaFormatException e) {
                return;
            }
            List<OffsetPosition> entries = new ArrayList<>();
            for (int i = 0; i < index.entries(); i++) {
                OffsetPosition e = index.entry(i);
                assertThat(e.offset()).isGreaterThan(i == 0 ? baseOffset - 1 : entries.getLast().offset());
                assertThat((long) e.position()).isLessThan(segmentBytes);
                if (i > 0) {
                    assertThat(e.position()).isGreaterThan(entries.getLast().position());
                }
                entries.add(e);
                queries.addAll(List.of(e.offset() - 1, e.offset(), e.offset() + 1));
            }
            assertSerializesBack(index.toBytes(), file);
            for (long q : queries) {
                OffsetPosition floor = new OffsetPosition(baseOffset, 0);
                for (OffsetPosition e : entries) {
                    if (e.offset() <= q) {
                        floor = e;
                    }
                }
                assertThat(index.lookup(q)).isEqualTo(floor);
            }
        } else {
            KafkaTimeIndex index;
            try {
                index = KafkaTimeIndex.read(MemorySegment.ofArray(file), baseOffset);
            } catch (KafkaFormatException e) {
                return;
            }
            List<TimestampOffset> entries = new ArrayList<>();
            for (int i = 0; i < index.entries(); i++) {
                TimestampOffset e = index.entry(i);
                assertThat(e.offset()).isGreaterThanOrEqualTo(i == 0 ? baseOffset : entries.getLast().offset());
                assertThat(e.timestamp()).isGreaterThan(i == 0 ? TimestampOffset.NO_TIMESTAMP : entries.getLast().timestamp());
                entries.add(e);
                queries.addAll(List.of(e.timestamp() - 1, e.timestamp(), e.timestamp() + 1));
            }
            assertSerializesBack(index.toBytes(), file);
            for (long q : queries) {
                TimestampOffset floor = new TimestampOffset(TimestampOffset.NO_TIMESTAMP, baseOffset);
                for (TimestampOffset e : entries) {
                    if (e.timestamp() <= q) {
                        floor = e;
                    }
                }
                assertThat(index.lookup(q)).isEqualTo(floor);
            }
        }
    }

    private static void assertSerializesBack(byte[] serialized, byte[] file) {
        assertThat(Arrays.copyOf(file, serialized.length)).isEqualTo(serialized);
        for (int i = serialized.length; i < file.length; i++) {
            assertThat(file[i]).as("only zeros after the entries").isZero();
        }
    }
}
