package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A segment written the way the log will write one in Kafka's format: batches from
 * {@link KafkaBatchEncoder}, indexed by {@link KafkaSegmentIndexer}, sealed, the three files
 * written into a directory.
 */
final class KafkaSegmentFixture {
    final long baseOffset;
    final List<byte[]> batches = new ArrayList<>();
    final List<LogRecord> records = new ArrayList<>();
    final KafkaSegmentIndexer indexer;
    private final ByteArrayOutputStream segment = new ByteArrayOutputStream();

    KafkaSegmentFixture(long baseOffset, int indexIntervalBytes) {
        this.baseOffset = baseOffset;
        this.indexer = new KafkaSegmentIndexer(baseOffset, indexIntervalBytes);
    }

    /** Random batches (1-20 records, values up to {@code maxValueBytes}), timestamps rising with jitter. */
    static KafkaSegmentFixture random(Random random, long baseOffset, int indexIntervalBytes, int batchCount,
                                      int maxValueBytes) {
        KafkaSegmentFixture f = new KafkaSegmentFixture(baseOffset, indexIntervalBytes);
        long offset = baseOffset;
        for (int i = 0; i < batchCount; i++) {
            List<LogRecord> records = KafkaTesting.randomRecords(random, offset, 1 + random.nextInt(20),
                    1_700_000_000_000L + 400L * i, maxValueBytes);
            f.append(offset, records);
            offset += records.size() + (random.nextInt(10) == 0 ? random.nextInt(5) : 0); // sometimes a gap
        }
        f.indexer.seal();
        return f;
    }

    void append(long batchBaseOffset, List<LogRecord> batchRecords) {
        byte[] batch = KafkaBatchEncoder.encode(batchBaseOffset, batchRecords);
        indexer.onBatch(KafkaBatchHeader.read(java.lang.foreign.MemorySegment.ofArray(batch)));
        batches.add(batch);
        records.addAll(batchRecords);
        segment.writeBytes(batch);
    }

    byte[] segmentBytes() {
        return segment.toByteArray();
    }

    /** Writes {@code <base>.log}, {@code .index} and {@code .timeindex} into {@code dir}. */
    void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(KafkaFiles.log(baseOffset)), segmentBytes());
        Files.write(dir.resolve(KafkaFiles.index(baseOffset)), indexer.offsetIndex().toBytes());
        Files.write(dir.resolve(KafkaFiles.timeIndex(baseOffset)), indexer.timeIndex().toBytes());
    }
}
