package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;
import dev.sluice.log.RecordHeader;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the seed inputs of {@link KafkaFuzzTest} (committed under
 * src/test/resources/dev/sluice/log/kafka/KafkaFuzzTestInputs/): batches sluice writes, batches
 * kafka-clients builds (log-append time, a producer, a transaction marker, each codec), other
 * writers' compressed framings (raw snappy, an LZ4 frame with checksums), and broken ones (a gzip
 * bomb among them); index files valid, preallocated and broken. Regenerate, after {@code mvn test-compile}:
 * <pre>
 * java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" dev.sluice.log.kafka.KafkaFuzzSeeds \
 *     src/test/resources/dev/sluice/log/kafka/KafkaFuzzTestInputs
 * </pre>
 * ({@code mvn dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt} writes the class path.)
 */
final class KafkaFuzzSeeds {
    private KafkaFuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        Path batches = Files.createDirectories(root.resolve("batchDecoder"));
        byte[] one = KafkaBatchEncoder.encode(0, List.of(LogRecord.of(0, 1_700_000_000_000L, null, "v".getBytes())));
        byte[] many = KafkaBatchEncoder.encode(1000, List.of(
                new LogRecord(1000, 10, "k".getBytes(), "value".getBytes(), List.of(new RecordHeader("h", null),
                        new RecordHeader("trace", new byte[]{1, 2}))),
                LogRecord.of(1001, 5, new byte[0], null),
                LogRecord.of(1005, 300, null, new byte[200])));
        Files.write(batches.resolve("sluice-one-record"), one);
        Files.write(batches.resolve("sluice-headers-gaps-nulls"), many);
        Files.write(batches.resolve("two-batches"), concat(one, KafkaBatchEncoder.encode(1,
                List.of(LogRecord.of(1, 2, "a".getBytes(), "b".getBytes())))));
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.LOG_APPEND_TIME, 50, 1_700_000_000_000L, 4242L, (short) 3, 17, false, 9);
        builder.append(1, "k".getBytes(), "v".getBytes(), new Header[]{new org.apache.kafka.common.header.internals.RecordHeader("x", "y".getBytes())});
        builder.append(2, null, "w".getBytes());
        Files.write(batches.resolve("kafka-log-append-time-producer"), KafkaTesting.bytes(builder.build().buffer()));
        Files.write(batches.resolve("kafka-commit-marker"), KafkaTesting.bytes(MemoryRecords.withEndTransactionMarker(
                7L, 1_700_000_000_000L, 2, 99L, (short) 1, new EndTransactionMarker(ControlRecordType.COMMIT, 4)).buffer()));
        SimpleRecord[] records = {new SimpleRecord(1L, "a".getBytes(), "aaaaaaaaaaaaaaaa".getBytes()),
            new SimpleRecord(2L, "b".getBytes(), "bbbbbbbbbbbbbbbb".getBytes())};
        Files.write(batches.resolve("kafka-gzip"), KafkaTesting.bytes(MemoryRecords.withRecords(3L,
                Compression.gzip().build(), records).buffer()));
        Files.write(batches.resolve("kafka-zstd"), KafkaTesting.bytes(MemoryRecords.withRecords(3L,
                Compression.zstd().build(), records).buffer()));
        Files.write(batches.resolve("kafka-snappy"), KafkaTesting.bytes(MemoryRecords.withRecords(3L,
                Compression.snappy().build(), records).buffer()));
        Files.write(batches.resolve("kafka-lz4"), KafkaTesting.bytes(MemoryRecords.withRecords(3L,
                Compression.lz4().build(), records).buffer()));
        // other writers' framings Kafka reads: raw snappy, an LZ4 frame with checksums and content size
        byte[] plain = KafkaTesting.bytes(MemoryRecords.withRecords(3L, Compression.NONE, records).buffer());
        byte[] section = Arrays.copyOfRange(plain, KafkaBatchHeader.HEADER_BYTES, plain.length);
        Files.write(batches.resolve("raw-snappy"), KafkaTesting.recompressed(plain, KafkaCompression.SNAPPY,
                org.xerial.snappy.Snappy.compress(section)));
        java.io.ByteArrayOutputStream lz4 = new java.io.ByteArrayOutputStream();
        try (var out = new net.jpountz.lz4.LZ4FrameOutputStream(lz4, net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                section.length, net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
                net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM,
                net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
            out.write(section);
        }
        Files.write(batches.resolve("lz4-frame-checksums"), KafkaTesting.recompressed(plain, KafkaCompression.LZ4, lz4.toByteArray()));
        // 4 MiB of zeros in 4 KiB of gzip: past the fuzz test's decompression limit
        java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(bomb)) {
            out.write(new byte[4 << 20]);
        }
        Files.write(batches.resolve("gzip-bomb"), KafkaTesting.recompressed(plain, KafkaCompression.GZIP, bomb.toByteArray()));
        byte[] badCrc = many.clone();
        badCrc[badCrc.length - 1] ^= 1;
        Files.write(batches.resolve("bad-crc"), badCrc);
        byte[] magic1 = many.clone();
        magic1[16] = 1;
        Files.write(batches.resolve("magic-1"), magic1);
        Files.write(batches.resolve("truncated"), Arrays.copyOf(many, many.length - 5));
        byte[] huge = one.clone();
        ByteBuffer.wrap(huge).putInt(8, Integer.MAX_VALUE);
        Files.write(batches.resolve("huge-length"), huge);
        byte[] count = many.clone();
        ByteBuffer.wrap(count).putInt(57, 1_000_000).putInt(23, 2_000_000);
        Files.write(batches.resolve("huge-record-count"), count);
        Files.write(batches.resolve("zeros"), new byte[200]);

        Path indexes = Files.createDirectories(root.resolve("indexReaders"));
        KafkaSegmentFixture f = KafkaSegmentFixture.random(new java.util.Random(1), 100, 200, 20, 100);
        long size = f.segmentBytes().length;
        Files.write(indexes.resolve("offset-index"), concat(params(0, 100, size), f.indexer.offsetIndex().toBytes()));
        Files.write(indexes.resolve("offset-index-preallocated"), concat(params(0, 100, size),
                Arrays.copyOf(f.indexer.offsetIndex().toBytes(), 400)));
        Files.write(indexes.resolve("offset-index-past-segment"), concat(params(0, 100, 10), f.indexer.offsetIndex().toBytes()));
        Files.write(indexes.resolve("time-index"), concat(params(1, 100, size), f.indexer.timeIndex().toBytes()));
        Files.write(indexes.resolve("time-index-preallocated"), concat(params(1, 100, size),
                Arrays.copyOf(f.indexer.timeIndex().toBytes(), 360)));
        Files.write(indexes.resolve("time-index-odd-size"), concat(params(1, 100, size), new byte[13]));
    }


    private static byte[] params(int mode, long baseOffset, long segmentBytes) {
        return ByteBuffer.allocate(17).put((byte) mode).putLong(baseOffset).putLong(segmentBytes).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
