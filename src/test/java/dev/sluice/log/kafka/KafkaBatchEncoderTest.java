package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.sluice.log.kafka.KafkaTesting.assertSameRecords;
import static dev.sluice.log.kafka.KafkaTesting.fromKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batches sluice encodes, read back by kafka-clients 4.4's own record classes. */
class KafkaBatchEncoderTest {

    @Test
    void kafkaClientsReadEveryFieldOfWhatSluiceWrites() {
        Random random = new Random(13);
        for (int round = 0; round < 300; round++) {
            long base = round % 3 == 0 ? 0 : random.nextLong(1L << 40);
            int count = 1 + random.nextInt(round % 10 == 0 ? 200 : 12);
            List<LogRecord> records = KafkaTesting.randomRecords(random, base, count, 1_700_000_000_000L + round,
                    round % 7 == 0 ? 20_000 : 300);
            byte[] bytes = KafkaBatchEncoder.encode(base, records);
            assertThat(bytes.length).isEqualTo(KafkaBatchEncoder.encodedSize(base, records));

            MemoryRecords read = MemoryRecords.readableRecords(ByteBuffer.wrap(bytes));
            List<MutableRecordBatch> batches = new ArrayList<>();
            read.batches().forEach(batches::add);
            assertThat(batches).hasSize(1);
            RecordBatch b = batches.getFirst();
            assertThat(b.isValid()).isTrue();
            b.ensureValid();
            assertThat(b.magic()).isEqualTo(RecordBatch.MAGIC_VALUE_V2);
            assertThat(b.sizeInBytes()).isEqualTo(bytes.length);
            assertThat(b.baseOffset()).isEqualTo(base);
            assertThat(b.lastOffset()).isEqualTo(base + count - 1);
            assertThat(b.countOrNull()).isEqualTo(count);
            assertThat(b.compressionType()).isEqualTo(CompressionType.NONE);
            assertThat(b.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(b.producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
            assertThat(b.producerEpoch()).isEqualTo(RecordBatch.NO_PRODUCER_EPOCH);
            assertThat(b.baseSequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
            assertThat(b.isTransactional()).isFalse();
            assertThat(b.isControlBatch()).isFalse();
            assertThat(b.partitionLeaderEpoch()).isEqualTo(RecordBatch.NO_PARTITION_LEADER_EPOCH);
            assertThat(b.maxTimestamp()).isEqualTo(records.stream().mapToLong(LogRecord::timestamp).max().orElseThrow());
            List<LogRecord> decoded = new ArrayList<>();
            for (Record r : b) {
                r.ensureValid();
                decoded.add(fromKafka(r));
            }
            assertSameRecords(decoded, records);
        }
    }

    @Test
    void theBytesAreTheBytesKafkasOwnBuilderWrites() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            long base = random.nextLong(1L << 50);
            List<LogRecord> records = KafkaTesting.randomRecords(random, base, 1 + random.nextInt(30),
                    1_700_000_000_000L, 500);
            MemoryRecords kafka = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, base, Compression.NONE,
                    TimestampType.CREATE_TIME, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                    RecordBatch.NO_SEQUENCE, RecordBatch.NO_PARTITION_LEADER_EPOCH, false,
                    records.stream().map(KafkaTesting::toKafka).toArray(SimpleRecord[]::new));
            assertThat(KafkaBatchEncoder.encode(base, records)).as("round %d", round).isEqualTo(KafkaTesting.bytes(kafka.buffer()));
        }
    }

    @Test
    void offsetGapsAndALeaderEpochAreKept() {
        List<LogRecord> records = List.of(LogRecord.of(100, 5, null, "a".getBytes()),
                LogRecord.of(103, 4, "k".getBytes(), null), LogRecord.of(200, 9, new byte[0], new byte[0]));
        byte[] bytes = new byte[KafkaBatchEncoder.encodedSize(100, records)];
        KafkaBatchEncoder.encode(java.lang.foreign.MemorySegment.ofArray(bytes), 100, 7, records);
        RecordBatch b = MemoryRecords.readableRecords(ByteBuffer.wrap(bytes)).batches().iterator().next();
        assertThat(b.isValid()).isTrue();
        assertThat(b.partitionLeaderEpoch()).isEqualTo(7);
        assertThat(b.lastOffset()).isEqualTo(200);
        assertThat(b.maxTimestamp()).isEqualTo(9);
        List<LogRecord> decoded = new ArrayList<>();
        b.forEach(r -> decoded.add(fromKafka(r)));
        assertSameRecords(decoded, records);
    }

    @Test
    void batchesOneAfterAnotherReadAsASegment() throws Exception {
        Random random = new Random(3);
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        List<LogRecord> all = new ArrayList<>();
        long next = 0;
        for (int i = 0; i < 50; i++) {
            List<LogRecord> records = KafkaTesting.randomRecords(random, next, 1 + random.nextInt(5), 1_000L * i, 100);
            segment.write(KafkaBatchEncoder.encode(next, records));
            all.addAll(records);
            next += records.size();
        }
        List<LogRecord> decoded = new ArrayList<>();
        for (RecordBatch b : MemoryRecords.readableRecords(ByteBuffer.wrap(segment.toByteArray())).batches()) {
            assertThat(b.isValid()).isTrue();
            b.forEach(r -> decoded.add(fromKafka(r)));
        }
        assertSameRecords(decoded, all);
    }

    @Test
    void recordsThatCannotFormABatchAreRefused() {
        assertThatThrownBy(() -> KafkaBatchEncoder.encode(0, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one record");
        assertThatThrownBy(() -> KafkaBatchEncoder.encode(5, List.of(LogRecord.of(4, 0, null, null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offsets must increase");
        assertThatThrownBy(() -> KafkaBatchEncoder.encode(0, List.of(LogRecord.of(1, 0, null, null),
                LogRecord.of(1, 0, null, null)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaBatchEncoder.encode(0, List.of(LogRecord.of(1L << 31, 0, null, null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2^31-1");
        assertThatThrownBy(() -> KafkaBatchEncoder.encode(-1, List.of(LogRecord.of(0, 0, null, null))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaBatchEncoder.encode(0, List.of(LogRecord.of(0, Long.MIN_VALUE, null, null),
                LogRecord.of(1, Long.MAX_VALUE, null, null)))).isInstanceOf(ArithmeticException.class);
    }
}
