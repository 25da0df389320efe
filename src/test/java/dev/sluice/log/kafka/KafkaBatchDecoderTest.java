package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;
import dev.sluice.log.RecordHeader;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.sluice.log.kafka.KafkaTesting.assertSameRecords;
import static dev.sluice.log.kafka.KafkaTesting.fromKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batches kafka-clients 4.4 builds, decoded by sluice: every field as Kafka's own classes read it. */
class KafkaBatchDecoderTest {
    private static final int MAX = KafkaBatchDecoder.DEFAULT_MAX_BATCH_BYTES;

    /** Kafka's reading of a batch: its header fields and (if uncompressed or decodable) its records. */
    private static RecordBatch onlyBatch(byte[] bytes) {
        List<RecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(ByteBuffer.wrap(bytes)).batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        return batches.getFirst();
    }

    private static void assertSameHeader(KafkaBatchHeader h, RecordBatch b) {
        assertThat(h.baseOffset()).isEqualTo(b.baseOffset());
        assertThat(h.lastOffset()).isEqualTo(b.lastOffset());
        assertThat(h.nextOffset()).isEqualTo(b.nextOffset());
        assertThat(h.sizeInBytes()).isEqualTo(b.sizeInBytes());
        assertThat(h.partitionLeaderEpoch()).isEqualTo(b.partitionLeaderEpoch());
        assertThat(h.magic()).isEqualTo(b.magic());
        assertThat(Integer.toUnsignedLong(h.crc())).isEqualTo(b.checksum());
        assertThat(h.maxTimestamp()).isEqualTo(b.maxTimestamp());
        assertThat(h.producerId()).isEqualTo(b.producerId());
        assertThat(h.producerEpoch()).isEqualTo(b.producerEpoch());
        assertThat(h.baseSequence()).isEqualTo(b.baseSequence());
        assertThat(h.hasProducerId()).isEqualTo(b.hasProducerId());
        assertThat(h.recordCount()).isEqualTo(b.countOrNull());
        assertThat(h.isTransactional()).isEqualTo(b.isTransactional());
        assertThat(h.isControl()).isEqualTo(b.isControlBatch());
        assertThat(h.timestampType().name()).isEqualTo(b.timestampType().name());
        assertThat(h.compressionId()).isEqualTo(b.compressionType().id);
        assertThat(h.compression().kafkaName()).isEqualTo(b.compressionType().name);
        assertThat(h.hasDeleteHorizon()).isEqualTo(b.deleteHorizonMs().isPresent());
    }

    private static List<LogRecord> kafkaRecords(RecordBatch b) {
        List<LogRecord> records = new ArrayList<>();
        for (Record r : b) {
            records.add(fromKafka(r));
        }
        return records;
    }

    @Test
    void uncompressedBatchesOfEveryKindDecodeAsKafkaReadsThem() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            TimestampType type = round % 3 == 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
            boolean producer = round % 2 == 0;
            boolean transactional = producer && round % 4 == 0;
            long base = random.nextLong(1L << 45);
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.MAGIC_VALUE_V2, Compression.NONE, type,
                    base, 1_700_000_123_456L, producer ? random.nextLong(1L << 40) : RecordBatch.NO_PRODUCER_ID,
                    producer ? (short) random.nextInt(Short.MAX_VALUE) : RecordBatch.NO_PRODUCER_EPOCH,
                    producer ? random.nextInt(1 << 30) : RecordBatch.NO_SEQUENCE, transactional,
                    round % 5 == 0 ? RecordBatch.NO_PARTITION_LEADER_EPOCH : random.nextInt(1000));
            long offset = base;
            int count = 1 + random.nextInt(20);
            for (LogRecord r : KafkaTesting.randomRecords(random, 0, count, 1_700_000_000_000L, 400)) {
                // gaps in the offsets, as compaction leaves them (not with a producer: its sequences must be dense)
                offset += producer || random.nextInt(3) > 0 ? 1 : 1 + random.nextInt(50);
                builder.appendWithOffset(offset - 1, KafkaTesting.toKafka(r));
            }
            byte[] bytes = KafkaTesting.bytes(builder.build().buffer());
            RecordBatch kafka = onlyBatch(bytes);
            assertThat(kafka.isValid()).isTrue();

            MemorySegment batch = MemorySegment.ofArray(bytes);
            KafkaBatchHeader h = KafkaBatchHeader.read(batch);
            assertThat(KafkaBatchDecoder.headerProblem(h, bytes.length, MAX)).isNull();
            assertThat(KafkaBatchDecoder.bodyProblem(batch)).isNull();
            assertThat(KafkaBatchDecoder.check(batch, MAX)).isEqualTo(h);
            assertSameHeader(h, kafka);
            assertThat(h.timestampType()).isEqualTo(type == TimestampType.LOG_APPEND_TIME
                    ? KafkaTimestampType.LOG_APPEND_TIME : KafkaTimestampType.CREATE_TIME);
            assertSameRecords(KafkaBatchDecoder.records(batch), kafkaRecords(kafka));
        }
    }

    @ParameterizedTest
    @EnumSource(value = KafkaCompression.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void compressedBatchesAreCrcCheckedAndDecodedAsKafkaReadsThem(KafkaCompression codec) throws Exception {
        Compression compression = Compression.of(codec.kafkaName()).build();
        SimpleRecord[] records = new SimpleRecord[50];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(1_700_000_000_000L + i, ("key" + i).getBytes(), ("value " + i).repeat(20).getBytes());
        }
        byte[] bytes = KafkaTesting.bytes(MemoryRecords.withRecords(42L, compression, records).buffer());
        RecordBatch kafka = onlyBatch(bytes);
        assertThat(kafka.isValid()).isTrue();
        assertThat(kafkaRecords(kafka)).hasSize(50); // Kafka can decode it (its codecs are on the test class path)

        MemorySegment batch = MemorySegment.ofArray(bytes);
        KafkaBatchHeader h = KafkaBatchHeader.read(batch);
        assertSameHeader(h, kafka);
        assertThat(h.isCompressed()).isTrue();
        assertThat(h.compression()).isEqualTo(codec);
        assertThat(KafkaBatchDecoder.headerProblem(h, bytes.length, MAX)).isNull();
        assertThat(KafkaBatchDecoder.bodyProblem(batch)).isNull();
        assertSameRecords(KafkaBatchDecoder.records(batch), kafkaRecords(kafka)); // more in KafkaCompressedBatchTest
        // and a compressed batch with a flipped bit fails its CRC, as in Kafka
        bytes[bytes.length - 3] ^= 0x10;
        assertThat(KafkaBatchDecoder.bodyProblem(batch)).startsWith("CRC mismatch");
        assertThat(onlyBatch(bytes).isValid()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = org.apache.kafka.common.record.internal.ControlRecordType.class, names = {"COMMIT", "ABORT"})
    void transactionMarkersAreControlBatches(org.apache.kafka.common.record.internal.ControlRecordType type) throws Exception {
        byte[] bytes = KafkaTesting.bytes(MemoryRecords.withEndTransactionMarker(77L, 1_700_000_000_000L, 3, 9001L,
                (short) 2, new EndTransactionMarker(type, 5)).buffer());
        RecordBatch kafka = onlyBatch(bytes);
        MemorySegment batch = MemorySegment.ofArray(bytes);
        KafkaBatchHeader h = KafkaBatchDecoder.check(batch, MAX);
        assertSameHeader(h, kafka);
        assertThat(h.isControl()).isTrue();
        assertThat(h.isTransactional()).isTrue();
        List<LogRecord> records = KafkaBatchDecoder.records(batch);
        assertSameRecords(records, kafkaRecords(kafka));
        assertThat(records).hasSize(1);
        assertThat(ControlRecordType.of(records.getFirst()).name()).isEqualTo(type.name());
    }

    @Test
    void controlRecordTypesAreKafkasTypeIds() {
        for (short id = -1; id < 12; id++) {
            byte[] key = ByteBuffer.allocate(4).putShort((short) 0).putShort(id).array();
            var kafka = org.apache.kafka.common.record.internal.ControlRecordType.parse(ByteBuffer.wrap(key));
            assertThat(ControlRecordType.of(LogRecord.of(0, 0, key, null)).name()).as("type id %d", id)
                    .isEqualTo(kafka.name());
        }
        assertThat(ControlRecordType.of(LogRecord.of(0, 0, new byte[3], null))).isEqualTo(ControlRecordType.UNKNOWN);
        assertThat(ControlRecordType.of(LogRecord.of(0, 0, null, null))).isEqualTo(ControlRecordType.UNKNOWN);
    }

    // ---------------------------------------------------------------- validation

    private static byte[] sample() {
        List<LogRecord> records = List.of(LogRecord.of(10, 1000, "a".getBytes(), "one".getBytes()),
                new LogRecord(11, 1001, null, "two".getBytes(), List.of(new RecordHeader("h", null))),
                LogRecord.of(12, 999, "c".getBytes(), null));
        return KafkaBatchEncoder.encode(10, records);
    }

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static void fixCrc(byte[] bytes) {
        MemorySegment s = MemorySegment.ofArray(bytes);
        s.set(INT, 17, KafkaBatchDecoder.crc(s));
    }

    private static String problem(byte[] bytes) {
        MemorySegment s = MemorySegment.ofArray(bytes);
        if (bytes.length < KafkaBatchHeader.HEADER_BYTES) {
            return "short";
        }
        KafkaBatchHeader h = KafkaBatchHeader.read(s);
        String p = KafkaBatchDecoder.headerProblem(h, bytes.length, MAX);
        return p != null ? p : KafkaBatchDecoder.bodyProblem(s.asSlice(0, h.sizeInBytes()));
    }

    @Test
    void aFlippedBitFailsTheCrcAsInKafka() {
        byte[] bytes = sample();
        for (int at = KafkaBatchHeader.CRC_START; at < bytes.length; at++) {
            byte[] bad = bytes.clone();
            bad[at] ^= 0x04;
            MemorySegment s = MemorySegment.ofArray(bad);
            assertThat(KafkaBatchDecoder.bodyProblem(s)).as("byte %d", at).startsWith("CRC mismatch");
            assertThat(onlyBatch(bad).isValid()).isFalse();
        }
        // the partition leader epoch (bytes 12-15) is outside the CRC, as in Kafka
        byte[] epoch = bytes.clone();
        epoch[13] = 9;
        assertThat(KafkaBatchDecoder.bodyProblem(MemorySegment.ofArray(epoch))).isNull();
        assertThat(onlyBatch(epoch).isValid()).isTrue();
    }

    @Test
    void headerProblemsSayWhatIsWrong() {
        byte[] bytes = sample();
        byte[] magic = bytes.clone();
        magic[16] = 1;
        assertThat(problem(magic)).isEqualTo("magic 1: only magic 2 batches (Kafka 0.11 and later) are read");
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThat(problem(truncated)).startsWith("truncated: the batch of " + bytes.length + " bytes runs past the end");
        byte[] shortLength = bytes.clone();
        MemorySegment.ofArray(shortLength).set(INT, 8, 48);
        assertThat(problem(shortLength)).startsWith("batch length 48 out of range [49, ");
        byte[] huge = bytes.clone();
        MemorySegment.ofArray(huge).set(INT, 8, Integer.MAX_VALUE);
        assertThat(problem(huge)).startsWith("batch length 2147483647 out of range");
        assertThat(problem(new byte[100])).isEqualTo(KafkaBatchDecoder.ZEROS);
        byte[] codec = bytes.clone();
        codec[22] = 6;
        fixCrc(codec);
        assertThat(problem(codec)).isEqualTo("unknown compression codec id 6");
        byte[] count = bytes.clone();
        MemorySegment.ofArray(count).set(INT, 57, 4);
        fixCrc(count);
        assertThat(problem(count)).isEqualTo("record count 4 out of range (the batch spans 3 offsets)");
        byte[] delta = bytes.clone();
        MemorySegment.ofArray(delta).set(INT, 23, -1);
        assertThat(problem(delta)).isEqualTo("last offset delta -1 out of range");
        byte[] negative = bytes.clone();
        negative[0] = (byte) 0x80;
        assertThat(problem(negative)).startsWith("base offset -");
        assertThatThrownBy(() -> KafkaBatchDecoder.check(MemorySegment.ofArray(magic), MAX))
                .isInstanceOf(KafkaFormatException.class).hasMessage("batch at offset 10: magic 1: only magic 2 batches (Kafka 0.11 and later) are read");
        byte[] trailing = java.util.Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> KafkaBatchDecoder.check(MemorySegment.ofArray(trailing), MAX))
                .isInstanceOf(KafkaFormatException.class).hasMessage("batch at offset 10: 3 bytes follow the batch");
        byte[] unknownCodec = bytes.clone();
        unknownCodec[22] = 7;
        assertThatThrownBy(() -> KafkaBatchDecoder.records(MemorySegment.ofArray(unknownCodec)))
                .isInstanceOf(KafkaFormatException.class).hasMessageContaining("unknown compression codec id 7");
        assertThatThrownBy(() -> KafkaBatchDecoder.check(MemorySegment.ofArray(new byte[60]), MAX))
                .isInstanceOf(KafkaFormatException.class).hasMessageContaining("less than a batch header");
    }

    @Test
    void recordFramingProblemsSayWhichRecord() {
        byte[] bytes = sample();
        // one record fewer than the count says: the count is checked against what is there
        byte[] fewer = bytes.clone();
        MemorySegment.ofArray(fewer).set(INT, 57, 2);
        fixCrc(fewer);
        assertThat(problem(fewer)).startsWith("the records end ").endsWith("bytes before the end of the batch");
        // the first record's size varint (byte 61) made larger than the record
        byte[] size = bytes.clone();
        size[61] = (byte) (size[61] + 2);
        fixCrc(size);
        assertThat(problem(size)).startsWith("record 0");
        assertThatThrownBy(() -> KafkaBatchDecoder.records(MemorySegment.ofArray(size)))
                .isInstanceOf(KafkaFormatException.class).hasMessageStartingWith("batch at offset 10: record 0");
    }

    /**
     * Random corruption behind a correct CRC: sluice never accepts a batch Kafka rejects, and where
     * it accepts one, its records are Kafka's. (sluice is stricter than Kafka in places: offset
     * deltas must increase within the batch's span, and a negative length other than -1 is refused.)
     */
    @Test
    void behindACorrectCrcSluiceNeverAcceptsWhatKafkaRejects() throws Exception {
        Random random = new Random(99);
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = KafkaBatchEncoder.encode(5, KafkaTesting.randomRecords(random, 5, 1 + random.nextInt(4),
                    1_000_000, 12));
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                int at = KafkaBatchHeader.HEADER_BYTES + random.nextInt(bytes.length - KafkaBatchHeader.HEADER_BYTES);
                bytes[at] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : bytes[at] ^ (1 << random.nextInt(8)));
            }
            fixCrc(bytes);
            List<LogRecord> kafka;
            try {
                RecordBatch b = onlyBatch(bytes);
                b.ensureValid();
                kafka = kafkaRecords(b);
            } catch (RuntimeException e) {
                kafka = null;
            }
            String problem = problem(bytes);
            if (kafka == null) {
                assertThat(problem).as("round %d: Kafka rejects it", round).isNotNull();
            }
            if (problem == null) {
                accepted++;
                assertSameRecords(KafkaBatchDecoder.records(MemorySegment.ofArray(bytes)), kafka);
            } else {
                rejected++;
            }
        }
        assertThat(accepted).as("some corruptions still decode (keys and values changed)").isGreaterThan(100);
        assertThat(rejected).isGreaterThan(100);
    }

    @Test
    void aRunOfKafkaBatchesDecodesAsASegment() throws Exception {
        ByteBuffer segment = ByteBuffer.allocate(1 << 20);
        List<LogRecord> expected = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < 30; i++) {
            SimpleRecord[] records = new SimpleRecord[1 + i % 4];
            for (int j = 0; j < records.length; j++) {
                records[j] = new SimpleRecord(1000L * i + j, null, ("r" + (offset + j)).getBytes(),
                        new Header[]{new org.apache.kafka.common.header.internals.RecordHeader("i", new byte[]{(byte) i})});
            }
            MemoryRecords batch = MemoryRecords.withRecords(offset, Compression.NONE, records);
            batch.batches().forEach(b -> b.forEach(r -> expected.add(fromKafka(r))));
            segment.put(batch.buffer());
            offset += records.length;
        }
        MemorySegment bytes = MemorySegment.ofArray(segment.array()).asSlice(0, segment.position());
        List<LogRecord> decoded = new ArrayList<>();
        long position = 0;
        while (bytes.byteSize() - position >= KafkaBatchHeader.HEADER_BYTES) {
            MemorySegment rest = bytes.asSlice(position);
            KafkaBatchHeader h = KafkaBatchHeader.read(rest);
            assertThat(KafkaBatchDecoder.headerProblem(h, rest.byteSize(), MAX)).isNull();
            MemorySegment batch = rest.asSlice(0, h.sizeInBytes());
            assertThat(KafkaBatchDecoder.bodyProblem(batch)).isNull();
            decoded.addAll(KafkaBatchDecoder.records(batch));
            position += h.sizeInBytes();
        }
        assertThat(position).isEqualTo(bytes.byteSize());
        assertSameRecords(decoded, expected);
    }
}
