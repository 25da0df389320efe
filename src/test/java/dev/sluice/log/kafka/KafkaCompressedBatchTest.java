package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;
import dev.sluice.testing.ChildJvm;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static dev.sluice.log.kafka.KafkaTesting.assertSameRecords;
import static dev.sluice.log.kafka.KafkaTesting.fromKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compressed batches as kafka-clients 4.4 writes them (gzip, snappy, lz4, zstd, with Kafka's own
 * codec libraries), decoded by sluice: the records Kafka reads back, the decompressed bytes of the
 * same batch built uncompressed, the limit, corrupt streams, and a JVM without the codecs.
 */
class KafkaCompressedBatchTest {
    private static final int MAX = KafkaBatchDecoder.DEFAULT_MAX_BATCH_BYTES;

    /** One batch Kafka built compressed, and the same batch built uncompressed. */
    private record Twin(byte[] compressed, byte[] uncompressed) {
    }

    /** Values that compress (text, repeats) and values that do not (random bytes), nulls and empties. */
    private static byte[] value(Random random, int maxBytes) {
        return switch (random.nextInt(4)) {
            case 0 -> KafkaTesting.randomBytes(random, maxBytes);
            case 1 -> ("{\"user\":" + random.nextInt(1000) + ",\"event\":\"click\",\"path\":\"/a/b/"
                    + random.nextInt(50) + "\"}").repeat(1 + random.nextInt(Math.max(1, maxBytes / 60)))
                    .getBytes(StandardCharsets.UTF_8);
            case 2 -> new byte[random.nextInt(maxBytes + 1)];
            default -> random.nextInt(5) == 0 ? null : ("v" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A random batch of every kind (timestamp type, producer, transaction, epochs, gaps), built twice by Kafka. */
    private static Twin randomTwin(Random random, KafkaCompression codec, long base, int count, int maxValueBytes) {
        TimestampType type = random.nextInt(3) == 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
        boolean producer = random.nextBoolean();
        boolean transactional = producer && random.nextBoolean();
        long producerId = producer ? random.nextLong(1L << 40) : RecordBatch.NO_PRODUCER_ID;
        short epoch = producer ? (short) random.nextInt(Short.MAX_VALUE) : RecordBatch.NO_PRODUCER_EPOCH;
        int sequence = producer ? random.nextInt(1 << 30) : RecordBatch.NO_SEQUENCE;
        int leaderEpoch = random.nextInt(4) == 0 ? RecordBatch.NO_PARTITION_LEADER_EPOCH : random.nextInt(1000);
        List<LogRecord> records = KafkaTesting.randomRecords(random, 0, count, 1_700_000_000_000L, 8);
        List<Long> offsets = new ArrayList<>();
        long offset = base;
        for (int i = 0; i < count; i++) {
            offsets.add(offset);
            offset += producer || random.nextInt(4) > 0 ? 1 : 1 + random.nextInt(20); // gaps, as compaction leaves them
        }
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(value(random, maxValueBytes));
        }
        byte[][] built = new byte[2][];
        for (int twin = 0; twin < 2; twin++) {
            Compression compression = twin == 0 ? Compression.of(codec.kafkaName()).build() : Compression.NONE;
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 20), RecordBatch.MAGIC_VALUE_V2,
                    compression, type, base, 1_700_000_123_456L, producerId, epoch, sequence, transactional, leaderEpoch);
            for (int i = 0; i < count; i++) {
                LogRecord r = records.get(i);
                builder.appendWithOffset(offsets.get(i), KafkaTesting.toKafka(new LogRecord(0, r.timestamp(), r.key(),
                        values.get(i), r.headers())));
            }
            built[twin] = KafkaTesting.bytes(builder.build().buffer());
        }
        return new Twin(built[0], built[1]);
    }

    private static List<LogRecord> kafkaRecords(byte[] batch) {
        List<LogRecord> records = new ArrayList<>();
        for (RecordBatch b : MemoryRecords.readableRecords(ByteBuffer.wrap(batch)).batches()) {
            for (Record r : b) {
                records.add(fromKafka(r));
            }
        }
        return records;
    }

    private static byte[] section(byte[] batch) {
        return Arrays.copyOfRange(batch, KafkaBatchHeader.HEADER_BYTES, batch.length);
    }

    private static byte[] bytes(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    @ParameterizedTest
    @EnumSource(value = KafkaCompression.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void aSegmentOfCompressedBatchesDecodesToTheRecordsKafkaReads(KafkaCompression codec) throws Exception {
        assertThat(codec.isAvailable()).isTrue();
        Random random = new Random(codec.id() * 1000L + 7);
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        List<LogRecord> expected = new ArrayList<>();
        List<byte[]> uncompressedSections = new ArrayList<>();
        long base = random.nextLong(1L << 40);
        int total = 0;
        for (int b = 0; total < 3000; b++) {
            // a few large batches (past LZ4's 64 KiB blocks and snappy's 32 KiB chunks) among small ones
            int count = b % 4 == 0 ? 300 + random.nextInt(400) : 1 + random.nextInt(60);
            Twin twin = randomTwin(random, codec, base, count, b % 4 == 0 ? 600 : 200);
            KafkaBatchHeader h = KafkaBatchHeader.read(MemorySegment.ofArray(twin.compressed()));
            assertThat(h.compression()).isEqualTo(codec);
            assertThat(h.recordCount()).isEqualTo(count);
            expected.addAll(kafkaRecords(twin.compressed()));
            uncompressedSections.add(section(twin.uncompressed()));
            segment.writeBytes(twin.compressed());
            base = h.nextOffset() + random.nextInt(3);
            total += count;
        }
        assertThat(expected).hasSize(total);
        assertThat(uncompressedSections.stream().mapToInt(s -> s.length).max().orElseThrow()).isGreaterThan(100_000);

        MemorySegment bytes = MemorySegment.ofArray(segment.toByteArray());
        List<LogRecord> decoded = new ArrayList<>();
        long position = 0;
        int batch = 0;
        while (position < bytes.byteSize()) {
            MemorySegment rest = bytes.asSlice(position);
            KafkaBatchHeader h = KafkaBatchHeader.read(rest);
            assertThat(KafkaBatchDecoder.headerProblem(h, rest.byteSize(), MAX)).isNull();
            MemorySegment one = rest.asSlice(0, h.sizeInBytes());
            assertThat(KafkaBatchDecoder.bodyProblem(one)).isNull();
            assertThat(KafkaBatchDecoder.check(one, MAX)).isEqualTo(h);
            assertThat(bytes(KafkaBatchDecoder.decompressedRecords(one)))
                    .as("batch %d decompresses to the records section of the same batch built uncompressed", batch)
                    .isEqualTo(uncompressedSections.get(batch));
            List<LogRecord> records = KafkaBatchDecoder.records(one);
            assertThat(KafkaBatchDecoder.records(h, KafkaBatchDecoder.decompressedRecords(one))).isEqualTo(records);
            decoded.addAll(records);
            position += h.sizeInBytes();
            batch++;
        }
        assertSameRecords(decoded, expected);
    }


    /**
     * The same records compressed as other writers do it, within what Kafka reads: raw snappy without
     * snappy-java's framing, LZ4 frames with block and content checksums and a content size, several
     * gzip members, several zstd frames; and a Kafka lz4 batch of random bytes (blocks stored
     * uncompressed). sluice reads each as Kafka does.
     */
    @Test
    void otherWritersFramingsDecodeAsKafkaReadsThem() throws Exception {
        Random random = new Random(5);
        Twin twin = randomTwin(random, KafkaCompression.GZIP, 1000, 1000, 600);
        byte[] plain = section(twin.uncompressed());
        assertThat(plain.length).as("several LZ4 blocks of 64 KiB").isGreaterThan(2 * 65536);
        List<byte[]> batches = new ArrayList<>();
        batches.add(KafkaTesting.recompressed(twin.uncompressed(), KafkaCompression.SNAPPY, org.xerial.snappy.Snappy.compress(plain)));
        for (var size : List.of(net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB)) {
            ByteArrayOutputStream lz4 = new ByteArrayOutputStream();
            try (OutputStream out = new net.jpountz.lz4.LZ4FrameOutputStream(lz4, size, plain.length,
                    net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                    net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
                    net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM,
                    net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
                out.write(plain);
            }
            batches.add(KafkaTesting.recompressed(twin.uncompressed(), KafkaCompression.LZ4, lz4.toByteArray()));
        }
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        ByteArrayOutputStream zstd = new ByteArrayOutputStream();
        int half = plain.length / 2;
        for (int[] part : new int[][]{{0, half}, {half, plain.length}}) {
            try (OutputStream out = new GZIPOutputStream(gzip)) {
                out.write(plain, part[0], part[1] - part[0]);
            }
            try (OutputStream out = new ZstdOutputStream(zstd)) {
                out.write(plain, part[0], part[1] - part[0]);
            }
        }
        batches.add(KafkaTesting.recompressed(twin.uncompressed(), KafkaCompression.GZIP, gzip.toByteArray()));
        batches.add(KafkaTesting.recompressed(twin.uncompressed(), KafkaCompression.ZSTD, zstd.toByteArray()));
        org.apache.kafka.common.record.internal.SimpleRecord[] noise = new org.apache.kafka.common.record.internal.SimpleRecord[200];
        for (int i = 0; i < noise.length; i++) {
            byte[] value = new byte[1000];
            random.nextBytes(value);
            noise[i] = new org.apache.kafka.common.record.internal.SimpleRecord(i, null, value);
        }
        byte[] incompressible = KafkaTesting.bytes(MemoryRecords.withRecords(0L, Compression.lz4().build(), noise).buffer());
        batches.add(incompressible);

        List<LogRecord> expected = kafkaRecords(twin.uncompressed());
        for (byte[] bytes : batches) {
            MemorySegment batch = MemorySegment.ofArray(bytes);
            KafkaBatchHeader h = KafkaBatchDecoder.check(batch, Integer.MAX_VALUE);
            List<LogRecord> kafka = kafkaRecords(bytes);
            assertThat(KafkaBatchDecoder.records(batch)).as(h.compression().kafkaName()).isEqualTo(kafka);
            if (bytes != incompressible) {
                assertThat(kafka).isEqualTo(expected);
                assertThat(bytes(KafkaBatchDecoder.decompressedRecords(batch))).isEqualTo(plain);
            }
        }
    }

    @Test
    void anUncompressedBatchsRecordsAreASliceOfTheBatch() throws Exception {
        byte[] bytes = KafkaBatchEncoder.encode(3, List.of(LogRecord.of(3, 10, "k".getBytes(), "v".getBytes())));
        MemorySegment batch = MemorySegment.ofArray(bytes);
        MemorySegment records = KafkaBatchDecoder.decompressedRecords(batch);
        assertThat(records.byteSize()).isEqualTo(bytes.length - KafkaBatchHeader.HEADER_BYTES);
        assertThat(records.address()).isEqualTo(batch.address() + KafkaBatchHeader.HEADER_BYTES);
        assertThat(records.heapBase()).containsSame(bytes);
    }

    @ParameterizedTest
    @EnumSource(value = KafkaCompression.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void theLimitIsTheDecompressedSizeExactly(KafkaCompression codec) throws Exception {
        Random random = new Random(codec.id());
        Twin twin = randomTwin(random, codec, 100, 400, 2000);
        int size = twin.uncompressed().length - KafkaBatchHeader.HEADER_BYTES;
        assertThat(size).as("it compresses").isGreaterThan(2 * twin.compressed().length);
        MemorySegment batch = MemorySegment.ofArray(twin.compressed());
        assertThat(bytes(KafkaBatchDecoder.decompressedRecords(batch, size))).isEqualTo(section(twin.uncompressed()));
        assertThat(KafkaBatchDecoder.records(batch, size)).hasSize(400);
        assertThatThrownBy(() -> KafkaBatchDecoder.decompressedRecords(batch, size - 1))
                .isInstanceOf(KafkaFormatException.class)
                .hasMessage("batch at offset 100: its " + codec.kafkaName() + " records decompress to more than "
                        + (size - 1) + " bytes, the limit (a corrupt batch, or a limit too low for the topic)");
        assertThatThrownBy(() -> KafkaBatchDecoder.records(batch, 0)).isInstanceOf(KafkaFormatException.class)
                .hasMessageContaining("decompress to more than 0 bytes");
        assertThatThrownBy(() -> KafkaBatchDecoder.records(batch, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A batch of {@code codec} around {@code section}, as a hostile or corrupt writer could make it, with a right CRC. */
    static byte[] craftedBatch(KafkaCompression codec, int recordCount, byte[] section) {
        ByteBuffer b = ByteBuffer.allocate(KafkaBatchHeader.HEADER_BYTES + section.length);
        b.putLong(0).putInt(b.capacity() - KafkaBatchHeader.LOG_OVERHEAD).putInt(-1).put(KafkaBatchHeader.MAGIC).putInt(0)
                .putShort((short) codec.id()).putInt(recordCount - 1).putLong(1000).putLong(1000).putLong(-1)
                .putShort((short) -1).putInt(-1).putInt(recordCount).put(section);
        MemorySegment s = MemorySegment.ofArray(b.array());
        s.set(KafkaBatchHeader.INT, 17, KafkaBatchDecoder.crc(s));
        return b.array();
    }

    private static byte[] zeros(OutputStream compressing, ByteArrayOutputStream sink, long bytes) throws IOException {
        byte[] zeros = new byte[1 << 20];
        try (compressing) {
            for (long left = bytes; left > 0; left -= zeros.length) {
                compressing.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }
        return sink.toByteArray();
    }

    @Test
    void bombsStopAtTheLimitAndSayWhy() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        byte[] gzip = zeros(new GZIPOutputStream(gzipped, 1 << 16), gzipped, 100L << 20);
        ByteArrayOutputStream zstded = new ByteArrayOutputStream();
        byte[] zstd = zeros(new ZstdOutputStream(zstded), zstded, 256L << 20);
        assertThat(gzip.length).isLessThan(MAX);
        assertThat(zstd.length).isLessThan(64 * 1024);
        for (var bomb : List.of(craftedBatch(KafkaCompression.GZIP, 1000, gzip), craftedBatch(KafkaCompression.ZSTD, 1000, zstd))) {
            MemorySegment batch = MemorySegment.ofArray(bomb);
            assertThat(KafkaBatchDecoder.check(batch, MAX).isCompressed()).isTrue();
            assertThatThrownBy(() -> KafkaBatchDecoder.records(batch)).isInstanceOf(KafkaFormatException.class)
                    .hasMessageContaining("records decompress to more than " + KafkaBatchDecoder.DEFAULT_MAX_DECOMPRESSED_BYTES
                            + " bytes, the limit");
        }
        // snappy says how large a block is before it is decompressed: a claim of 2 GiB is refused unallocated
        byte[] header = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
        byte[] claim = {(byte) 0xf7, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0, 0, 0};
        byte[] snappy = ByteBuffer.allocate(header.length + 4 + claim.length).put(header).putInt(claim.length).put(claim).array();
        assertThatThrownBy(() -> KafkaBatchDecoder.records(MemorySegment.ofArray(craftedBatch(KafkaCompression.SNAPPY, 1,
                snappy)), 1 << 20)).isInstanceOf(KafkaFormatException.class).hasMessageContaining("more than 1048576 bytes");
    }

    @Test
    void malformedStreamsSayWhatIsWrong() {
        assertThat(malformed(KafkaCompression.GZIP, "not gzip".getBytes())).contains("malformed gzip records: Not in GZIP format");
        assertThat(malformed(KafkaCompression.LZ4, new byte[]{1, 2, 3, 4, 5, 6, 7, 8})).contains("not an LZ4 frame");
        byte[] frame = {0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0, 0, 0, 0, 0};
        assertThat(malformed(KafkaCompression.LZ4, frame)).contains("LZ4 frame descriptor checksum mismatch");
        assertThat(malformed(KafkaCompression.ZSTD, "not zstd at all".getBytes())).contains("malformed zstd records");
        byte[] chunk = ByteBuffer.allocate(20).put(new byte[]{(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1})
                .putInt(1000).array();
        assertThat(malformed(KafkaCompression.SNAPPY, chunk)).contains("a chunk of 1000 bytes at byte 16, 0 bytes left");
    }

    @Test
    void bytesAfterTheLastRecordInsideTheStreamAreRefusedAsKafkaRefusesThem() throws Exception {
        Twin twin = randomTwin(new Random(8), KafkaCompression.GZIP, 0, 10, 50);
        byte[] section = section(twin.uncompressed());
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzip)) {
            out.write(section);
            out.write(new byte[]{0, 0});
        }
        byte[] bytes = KafkaTesting.recompressed(twin.uncompressed(), KafkaCompression.GZIP, gzip.toByteArray());
        assertThatThrownBy(() -> KafkaBatchDecoder.records(MemorySegment.ofArray(bytes)))
                .isInstanceOf(KafkaFormatException.class)
                .hasMessage("batch at offset 0: the records end 2 bytes before the end of the decompressed records");
        assertThatThrownBy(() -> kafkaRecords(bytes)).hasMessageContaining("records still remaining");
    }

    private static String malformed(KafkaCompression codec, byte[] section) {
        MemorySegment batch = MemorySegment.ofArray(craftedBatch(codec, 1, section));
        assertThat(KafkaBatchDecoder.bodyProblem(batch)).as("valid as far as the CRC goes").isNull();
        try {
            KafkaBatchDecoder.records(batch);
        } catch (KafkaFormatException e) {
            return e.getMessage();
        } catch (CompressedBatchException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("decoded");
    }

    /**
     * Random corruption of the compressed stream behind a correct CRC: sluice either refuses it with a
     * KafkaFormatException or reads the records Kafka reads; it never accepts what Kafka refuses.
     */
    @ParameterizedTest
    @EnumSource(value = KafkaCompression.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void corruptStreamsAreRefusedOrReadAsKafkaReadsThem(KafkaCompression codec) throws Exception {
        Random random = new Random(31 + codec.id());
        int refused = 0;
        for (int round = 0; round < 400; round++) {
            byte[] bytes = randomTwin(random, codec, 5, 1 + random.nextInt(30), 100).compressed();
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                int at = KafkaBatchHeader.HEADER_BYTES + random.nextInt(bytes.length - KafkaBatchHeader.HEADER_BYTES);
                bytes[at] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : bytes[at] ^ (1 << random.nextInt(8)));
            }
            MemorySegment batch = MemorySegment.ofArray(bytes);
            batch.set(KafkaBatchHeader.INT, 17, KafkaBatchDecoder.crc(batch));
            List<LogRecord> sluice;
            try {
                sluice = KafkaBatchDecoder.records(batch, 1 << 24);
            } catch (KafkaFormatException e) {
                refused++;
                continue;
            }
            assertThat(sluice).as("round %d: Kafka reads what sluice reads", round).isEqualTo(kafkaRecords(bytes));
        }
        assertThat(refused).isGreaterThan(50);
    }

    @Test
    void theCodecLibrariesAreTheVersionsOnTheClassPath() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString()).toList();
        for (KafkaCompression codec : List.of(KafkaCompression.SNAPPY, KafkaCompression.LZ4, KafkaCompression.ZSTD)) {
            String[] coordinates = codec.codecLibrary().split(":");
            assertThat(coordinates).hasSize(3);
            assertThat(jars).as("the test class path (kafka-clients' own dependencies)")
                    .contains(coordinates[1] + "-" + coordinates[2] + ".jar");
        }
    }

    /** A JVM whose class path has none of the three codec libraries: the library works, and says what to add. */
    @Test
    void withoutTheCodecLibrariesTheErrorNamesTheOneToAdd(@TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>();
        for (KafkaCompression codec : KafkaCompression.values()) {
            Random random = new Random(codec.id());
            byte[] batch = codec == KafkaCompression.NONE
                    ? randomTwin(random, KafkaCompression.GZIP, 42, 20, 100).uncompressed()
                    : randomTwin(random, codec, 42, 20, 100).compressed();
            Path file = dir.resolve(codec.kafkaName() + ".batch");
            Files.write(file, batch);
            args.add(file.toString());
        }
        List<String> all = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> without = all.stream().filter(p -> {
            String name = Path.of(p).getFileName().toString();
            return !(name.startsWith("snappy-java-") || name.startsWith("lz4-java-") || name.startsWith("zstd-jni-"));
        }).toList();
        assertThat(all.size() - without.size()).isEqualTo(3);
        List<String> command = new ArrayList<>(List.of(ChildJvm.java()));
        command.addAll(ChildJvm.jvmArgs());
        command.addAll(List.of("-cp", String.join(File.pathSeparator, without), CodecAbsenceChild.class.getName()));
        command.addAll(args);
        Path output = dir.resolve("output.txt");
        int status = ChildJvm.runToCompletion(command, output, 60);
        String printed = Files.readString(output);
        assertThat(status).as(printed).isZero();
        assertThat(printed.lines()).contains(
                "available none true", "available gzip true", "available snappy false", "available lz4 false",
                "available zstd false",
                "none.batch body null records 20", "gzip.batch body null records 20",
                "snappy.batch body null absent snappy: the batch at offset 42 is compressed with snappy, whose codec is not"
                        + " on the class path: add org.xerial.snappy:snappy-java:1.1.10.7 (as kafka-clients 4.4 does; sluice"
                        + " has it as an optional dependency)",
                "lz4.batch body null absent lz4: the batch at offset 42 is compressed with lz4, whose codec is not"
                        + " on the class path: add at.yawk.lz4:lz4-java:1.11.2 (as kafka-clients 4.4 does; sluice"
                        + " has it as an optional dependency)",
                "zstd.batch body null absent zstd: the batch at offset 42 is compressed with zstd, whose codec is not"
                        + " on the class path: add com.github.luben:zstd-jni:1.5.7-17 (as kafka-clients 4.4 does; sluice"
                        + " has it as an optional dependency)");
    }
}
