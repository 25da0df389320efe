package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.storage.internals.log.LogConfig;
import org.apache.kafka.storage.internals.log.LogFileUtils;
import org.apache.kafka.storage.internals.log.LogSegment;
import org.apache.kafka.storage.internals.log.OffsetIndex;
import org.apache.kafka.storage.internals.log.ProducerStateManager;
import org.apache.kafka.storage.internals.log.ProducerStateManagerConfig;
import org.apache.kafka.storage.internals.log.TimeIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The .index and .timeindex sluice builds are byte for byte the ones Kafka 4.4's own LogSegment
 * writes for the same batches, Kafka's index classes read them and look up as sluice does, and
 * seek by time agrees with LogSegment.findOffsetByTimestamp.
 */
class KafkaIndexTest {
    private static final int MAX = KafkaBatchDecoder.DEFAULT_MAX_BATCH_BYTES;

    @TempDir
    Path dir;

    private static LogConfig config(int indexIntervalBytes) {
        return new LogConfig(Map.of("index.interval.bytes", indexIntervalBytes));
    }

    /** The same batches appended by Kafka's LogSegment, one append per batch or all in one, then rolled and closed. */
    private static void kafkaWrites(Path kafkaDir, KafkaSegmentFixture f, int indexIntervalBytes, boolean oneAppend)
            throws IOException {
        Files.createDirectories(kafkaDir);
        LogSegment segment = LogSegment.open(kafkaDir.toFile(), f.baseOffset, config(indexIntervalBytes), Time.SYSTEM, 0, false);
        try {
            if (oneAppend) {
                long last = KafkaBatchHeader.read(MemorySegment.ofArray(f.batches.getLast())).lastOffset();
                segment.append(last, MemoryRecords.readableRecords(ByteBuffer.wrap(f.segmentBytes())));
            } else {
                for (byte[] batch : f.batches) {
                    long last = KafkaBatchHeader.read(MemorySegment.ofArray(batch)).lastOffset();
                    segment.append(last, MemoryRecords.readableRecords(ByteBuffer.wrap(batch)));
                }
            }
            segment.onBecomeInactiveSegment();
        } finally {
            segment.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4096, 0, 1, 700, 20_000})
    void theIndexesAreByteForByteWhatKafkasLogSegmentWrites(int interval) throws IOException {
        Random random = new Random(interval);
        for (int round = 0; round < 4; round++) {
            long base = round == 0 ? 0 : random.nextLong(1L << 40);
            KafkaSegmentFixture f = KafkaSegmentFixture.random(random, base, interval, 40 + random.nextInt(200), 600);
            Path sluice = dir.resolve("sluice-" + interval + "-" + round);
            f.writeTo(sluice);
            for (boolean oneAppend : new boolean[]{false, true}) {
                Path kafka = dir.resolve("kafka-" + interval + "-" + round + "-" + oneAppend);
                kafkaWrites(kafka, f, interval, oneAppend);
                for (String name : List.of(KafkaFiles.log(base), KafkaFiles.index(base), KafkaFiles.timeIndex(base))) {
                    assertThat(Files.readAllBytes(sluice.resolve(name))).as("%s (interval %d, one append %s)", name,
                            interval, oneAppend).isEqualTo(Files.readAllBytes(kafka.resolve(name)));
                }
            }
            assertThat(f.indexer.offsetIndex().entries()).as("the test exercises the index")
                    .isGreaterThan(interval > 10_000 ? 0 : 5);
        }
    }

    /** A segment sealed, reopened and appended to (a log reopened): the indexes go on as Kafka's do. */
    @ParameterizedTest
    @ValueSource(ints = {4096, 0, 900})
    void aReopenedSegmentGoesOnIndexingAsKafkaDoes(int interval) throws IOException {
        Random random = new Random(interval + 1);
        long base = 777;
        KafkaSegmentFixture all = KafkaSegmentFixture.random(random, base, interval, 200, 500);
        int split = 90;
        // Kafka: append the first batches, seal, close; reopen, grow the indexes as its log loader does, append the rest
        Path kafka = Files.createDirectories(dir.resolve("kafka"));
        LogSegment first = LogSegment.open(kafka.toFile(), base, config(interval), Time.SYSTEM, 0, false);
        long firstBytes = 0;
        try {
            for (byte[] batch : all.batches.subList(0, split)) {
                first.append(KafkaBatchHeader.read(MemorySegment.ofArray(batch)).lastOffset(),
                        MemoryRecords.readableRecords(ByteBuffer.wrap(batch)));
                firstBytes += batch.length;
            }
            // trims the preallocated index files to their entries and adds the last time index entry;
            // LogSegment.close alone leaves both files at segment.index.bytes (10 MiB), zeros past the entries
            first.onBecomeInactiveSegment();
        } finally {
            first.close();
        }
        byte[] closedIndex = Files.readAllBytes(kafka.resolve(KafkaFiles.index(base)));
        byte[] closedTimeIndex = Files.readAllBytes(kafka.resolve(KafkaFiles.timeIndex(base)));
        LogSegment reopened = LogSegment.open(kafka.toFile(), base, config(interval), Time.SYSTEM, true, 0, false, "");
        try {
            reopened.resizeIndexes(10 * 1024 * 1024);
            for (byte[] batch : all.batches.subList(split, all.batches.size())) {
                reopened.append(KafkaBatchHeader.read(MemorySegment.ofArray(batch)).lastOffset(),
                        MemoryRecords.readableRecords(ByteBuffer.wrap(batch)));
            }
            reopened.onBecomeInactiveSegment();
        } finally {
            reopened.close();
        }
        // sluice: the same first batches, sealed, then resumed from the files read back
        KafkaSegmentIndexer closed = new KafkaSegmentIndexer(base, interval);
        for (byte[] batch : all.batches.subList(0, split)) {
            closed.onBatch(KafkaBatchHeader.read(MemorySegment.ofArray(batch)));
        }
        closed.seal();
        assertThat(closed.offsetIndex().toBytes()).as("at the close").isEqualTo(closedIndex);
        assertThat(closed.timeIndex().toBytes()).as("at the close").isEqualTo(closedTimeIndex);
        KafkaSegmentIndexer resumed = KafkaSegmentIndexer.resume(
                KafkaOffsetIndex.read(MemorySegment.ofArray(closedIndex), base, firstBytes),
                KafkaTimeIndex.read(MemorySegment.ofArray(closedTimeIndex), base), firstBytes, closed.nextOffset(), interval);
        for (byte[] batch : all.batches.subList(split, all.batches.size())) {
            resumed.onBatch(KafkaBatchHeader.read(MemorySegment.ofArray(batch)));
        }
        resumed.seal();
        assertThat(resumed.segmentBytes()).isEqualTo(all.segmentBytes().length);
        assertThat(resumed.offsetIndex().toBytes()).isEqualTo(Files.readAllBytes(kafka.resolve(KafkaFiles.index(base))));
        assertThat(resumed.timeIndex().toBytes()).isEqualTo(Files.readAllBytes(kafka.resolve(KafkaFiles.timeIndex(base))));
        assertThat(resumed.offsetIndex().toBytes()).as("a reopen restarts the interval count, so the indexes differ "
                + "from a segment written in one go").isNotEqualTo(all.indexer.offsetIndex().toBytes());
    }

    /** What a broker does to a segment after an unclean stop: Kafka's recovery rebuilds the same indexes. */
    @Test
    void kafkasRecoveryOfASluiceSegmentRebuildsTheSameIndexes() throws IOException {
        Random random = new Random(21);
        long base = 4242;
        KafkaSegmentFixture f = KafkaSegmentFixture.random(random, base, KafkaSegmentIndexer.DEFAULT_INDEX_INTERVAL_BYTES,
                400, 500);
        Path sluice = dir.resolve("s");
        f.writeTo(sluice);
        Path recovered = Files.createDirectories(dir.resolve("recovered"));
        Files.copy(sluice.resolve(KafkaFiles.log(base)), recovered.resolve(KafkaFiles.log(base)));
        LogSegment segment = LogSegment.open(recovered.toFile(), base,
                config(KafkaSegmentIndexer.DEFAULT_INDEX_INTERVAL_BYTES), Time.SYSTEM, true, 0, false, "");
        try {
            ProducerStateManager producers = new ProducerStateManager(new TopicPartition("t", 0), recovered.toFile(),
                    60_000, new ProducerStateManagerConfig(86_400_000, false), Time.SYSTEM);
            assertThat(segment.recover(producers, null)).as("bytes truncated").isZero();
        } finally {
            segment.close();
        }
        for (String name : List.of(KafkaFiles.index(base), KafkaFiles.timeIndex(base))) {
            assertThat(Files.readAllBytes(recovered.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(sluice.resolve(name)));
        }
        assertThat(f.indexer.offsetIndex().entries()).isGreaterThan(20);
    }

    @Test
    void kafkasIndexClassesReadSluicesFilesAndLookUpTheSame() throws IOException {
        Random random = new Random(5);
        long base = 1_000_000;
        KafkaSegmentFixture f = KafkaSegmentFixture.random(random, base, 1000, 300, 300);
        Path sluice = dir.resolve("s");
        f.writeTo(sluice);
        long segmentBytes = f.segmentBytes().length;
        KafkaOffsetIndex offsets = KafkaOffsetIndex.read(MemorySegment.ofArray(
                Files.readAllBytes(sluice.resolve(KafkaFiles.index(base)))), base, segmentBytes);
        KafkaTimeIndex times = KafkaTimeIndex.read(MemorySegment.ofArray(
                Files.readAllBytes(sluice.resolve(KafkaFiles.timeIndex(base)))), base);
        assertThat(offsets.toBytes()).isEqualTo(f.indexer.offsetIndex().toBytes());
        assertThat(times.toBytes()).isEqualTo(f.indexer.timeIndex().toBytes());

        OffsetIndex kafkaOffsets = new OffsetIndex(sluice.resolve(KafkaFiles.index(base)).toFile(), base, -1, false);
        TimeIndex kafkaTimes = new TimeIndex(sluice.resolve(KafkaFiles.timeIndex(base)).toFile(), base, -1, false);
        try {
            kafkaOffsets.sanityCheck();
            kafkaTimes.sanityCheck();
            assertThat(kafkaOffsets.entries()).isEqualTo(offsets.entries());
            assertThat(kafkaTimes.entries()).isEqualTo(times.entries());
            for (int i = 0; i < offsets.entries(); i++) {
                assertThat(offsets.entry(i).offset()).isEqualTo(kafkaOffsets.entry(i).offset());
                assertThat(offsets.entry(i).position()).isEqualTo(kafkaOffsets.entry(i).position());
            }
            for (int i = 0; i < times.entries(); i++) {
                assertThat(times.entry(i).timestamp()).isEqualTo(kafkaTimes.entry(i).timestamp());
                assertThat(times.entry(i).offset()).isEqualTo(kafkaTimes.entry(i).offset());
            }
            long lastOffset = f.records.getLast().offset();
            for (long target = base - 3; target <= lastOffset + 3; target++) {
                var k = kafkaOffsets.lookup(target);
                assertThat(offsets.lookup(target)).as("offset lookup %d", target)
                        .isEqualTo(new OffsetPosition(k.offset(), k.position()));
            }
            List<Long> timestamps = new ArrayList<>(List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE));
            f.records.forEach(r -> {
                timestamps.add(r.timestamp() - 1);
                timestamps.add(r.timestamp());
                timestamps.add(r.timestamp() + 1);
            });
            for (long t : timestamps) {
                var k = kafkaTimes.lookup(t);
                assertThat(times.lookup(t)).as("time lookup %d", t).isEqualTo(new TimestampOffset(k.timestamp(), k.offset()));
            }
        } finally {
            kafkaOffsets.close();
            kafkaTimes.close();
        }
    }

    @Test
    void seekByTimeAgreesWithKafkasLogSegmentAndWithAScanOfEveryRecord() throws IOException {
        Random random = new Random(17);
        long base = 500;
        KafkaSegmentFixture f = KafkaSegmentFixture.random(random, base, 2000, 250, 400);
        Path sluice = dir.resolve("s");
        f.writeTo(sluice);
        MemorySegment segment = MemorySegment.ofArray(f.segmentBytes());
        KafkaOffsetIndex offsets = f.indexer.offsetIndex();
        KafkaTimeIndex times = f.indexer.timeIndex();
        LogSegment kafka = LogSegment.open(sluice.toFile(), base, config(2000), Time.SYSTEM, true, 0, false, "");
        try {
            List<Long> timestamps = new ArrayList<>(List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE));
            for (int i = 0; i < f.records.size(); i += 1 + random.nextInt(5)) {
                long t = f.records.get(i).timestamp();
                timestamps.add(t - 1);
                timestamps.add(t);
                timestamps.add(t + 1);
            }
            long lastOffset = f.records.getLast().offset();
            for (long t : timestamps) {
                for (long from : new long[]{base, base + random.nextInt((int) (lastOffset - base)), lastOffset, lastOffset + 1}) {
                    Optional<TimestampOffset> ours = KafkaTimeSearch.firstAtOrAfter(segment, offsets, times, t, from, MAX);
                    Optional<FileRecords.TimestampAndOffset> theirs = kafka.findOffsetByTimestamp(t, from, MAX);
                    assertThat(ours).as("T=%d from %d", t, from)
                            .isEqualTo(theirs.map(k -> new TimestampOffset(k.timestamp, k.offset)));
                    Optional<TimestampOffset> scan = f.records.stream().filter(r -> r.offset() >= from && r.timestamp() >= t)
                            .findFirst().map(r -> new TimestampOffset(r.timestamp(), r.offset()));
                    assertThat(ours).as("T=%d from %d, by a scan of every record", t, from).isEqualTo(scan);
                }
            }
        } finally {
            kafka.close();
        }
    }

    @Test
    void seekByTimeStopsAtATornTailAndReportsACorruptBatch() throws IOException {
        KafkaSegmentFixture f = KafkaSegmentFixture.random(new Random(1), 0, 4096, 30, 200);
        byte[] bytes = f.segmentBytes();
        long last = f.records.getLast().timestamp();
        byte[] torn = java.util.Arrays.copyOf(bytes, bytes.length + 40);
        System.arraycopy(f.batches.getFirst(), 0, torn, bytes.length, 40); // the start of a batch, cut short
        assertThat(KafkaTimeSearch.firstAtOrAfter(MemorySegment.ofArray(torn), f.indexer.offsetIndex(),
                f.indexer.timeIndex(), Long.MAX_VALUE, 0, MAX)).isEmpty();
        byte[] zeros = java.util.Arrays.copyOf(bytes, bytes.length + 4096);
        assertThat(KafkaTimeSearch.firstAtOrAfter(MemorySegment.ofArray(zeros), f.indexer.offsetIndex(),
                f.indexer.timeIndex(), last, 0, MAX)).isPresent();
        byte[] corrupt = bytes.clone();
        int lastBatchAt = bytes.length - f.batches.getLast().length;
        corrupt[lastBatchAt + 70] ^= 1;
        long lastBase = KafkaBatchHeader.read(MemorySegment.ofArray(f.batches.getLast())).baseOffset();
        // batches the scan only passes over are not CRC-checked (as in Kafka); the one it decodes is
        assertThat(KafkaTimeSearch.firstAtOrAfter(MemorySegment.ofArray(corrupt), new KafkaOffsetIndex(0),
                new KafkaTimeIndex(0), Long.MIN_VALUE, 0, MAX)).hasValue(new TimestampOffset(
                f.records.getFirst().timestamp(), 0));
        assertThatThrownBy(() -> KafkaTimeSearch.firstAtOrAfter(MemorySegment.ofArray(corrupt), new KafkaOffsetIndex(0),
                new KafkaTimeIndex(0), Long.MIN_VALUE, lastBase, MAX)).isInstanceOf(KafkaFormatException.class)
                .hasMessageContaining("position " + lastBatchAt + ": CRC mismatch");
    }

    @Test
    void seekByTimeDecodesControlBatchesAndCompressedOnes() throws IOException {
        byte[] plain = KafkaBatchEncoder.encode(0, List.of(LogRecord.of(0, 100, null, "a".getBytes())));
        byte[] marker = KafkaTesting.bytes(MemoryRecords.withEndTransactionMarker(1L, 200, 0, 7L, (short) 0,
                new org.apache.kafka.common.record.internal.EndTransactionMarker(
                        org.apache.kafka.common.record.internal.ControlRecordType.COMMIT, 0)).buffer());
        byte[] lz4 = KafkaTesting.bytes(MemoryRecords.withRecords(2L, org.apache.kafka.common.compress.Compression.lz4().build(),
                new org.apache.kafka.common.record.internal.SimpleRecord(300, "k".getBytes(), "v".getBytes())).buffer());
        KafkaSegmentIndexer indexer = new KafkaSegmentIndexer(0, 0);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] b : List.of(plain, marker, lz4)) {
            indexer.onBatch(KafkaBatchHeader.read(MemorySegment.ofArray(b)));
            out.writeBytes(b);
        }
        indexer.seal();
        MemorySegment segment = MemorySegment.ofArray(out.toByteArray());
        // Kafka's search does not skip control records either: the marker's timestamp counts
        assertThat(KafkaTimeSearch.firstAtOrAfter(segment, indexer.offsetIndex(), indexer.timeIndex(), 150, 0, MAX))
                .hasValue(new TimestampOffset(200, 1));
        assertThat(KafkaTimeSearch.firstAtOrAfter(segment, indexer.offsetIndex(), indexer.timeIndex(), 250, 0, MAX))
                .hasValue(new TimestampOffset(300, 2));
        assertThat(KafkaTimeSearch.firstAtOrAfter(segment, indexer.offsetIndex(), indexer.timeIndex(), 301, 0, MAX))
                .isEmpty();
    }

    @Test
    void indexRulesAtTheEdges() {
        KafkaSegmentIndexer indexer = new KafkaSegmentIndexer(100, 0);
        byte[] first = KafkaBatchEncoder.encode(100, List.of(LogRecord.of(100, 50, null, new byte[10])));
        byte[] second = KafkaBatchEncoder.encode(101, List.of(LogRecord.of(101, 40, null, null),
                LogRecord.of(102, 45, null, null)));
        indexer.onBatch(KafkaBatchHeader.read(MemorySegment.ofArray(first)));
        assertThat(indexer.offsetIndex().entries()).as("the first batch of a segment is never indexed").isZero();
        indexer.onBatch(KafkaBatchHeader.read(MemorySegment.ofArray(second)));
        assertThat(indexer.offsetIndex().entry(0)).as("keyed by the batch's last offset")
                .isEqualTo(new OffsetPosition(102, first.length));
        assertThat(indexer.timeIndex().entry(0)).as("the max so far is the first batch's")
                .isEqualTo(new TimestampOffset(50, 100));
        assertThatThrownBy(() -> indexer.onBatch(KafkaBatchHeader.read(MemorySegment.ofArray(second))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not follow");
        byte[] far = KafkaBatchEncoder.encode(100L + Integer.MAX_VALUE, List.of(LogRecord.of(100L + Integer.MAX_VALUE + 1, 1, null, null)));
        assertThatThrownBy(() -> indexer.onBatch(KafkaBatchHeader.read(MemorySegment.ofArray(far))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too far");
        indexer.seal();
        indexer.seal();
        assertThat(indexer.timeIndex().entries()).as("sealing twice adds nothing").isEqualTo(1);
    }

    @Test
    void indexFilesThatAreNotKafkasAreRefused() throws IOException {
        MemorySegment odd = MemorySegment.ofArray(new byte[9]);
        assertThatThrownBy(() -> KafkaOffsetIndex.read(odd, 0, 100)).isInstanceOf(KafkaFormatException.class)
                .hasMessageContaining("not a multiple of 8");
        assertThatThrownBy(() -> KafkaTimeIndex.read(odd, 0)).isInstanceOf(KafkaFormatException.class)
                .hasMessageContaining("not a multiple of 12");
        KafkaOffsetIndex index = new KafkaOffsetIndex(0);
        index.append(5, 100);
        index.append(9, 200);
        byte[] bytes = index.toBytes();
        assertThatThrownBy(() -> KafkaOffsetIndex.read(MemorySegment.ofArray(bytes), 0, 200))
                .isInstanceOf(KafkaFormatException.class).hasMessageContaining("out of range of a segment of 200 bytes");
        byte[] backwards = new byte[16];
        System.arraycopy(bytes, 8, backwards, 0, 8);
        System.arraycopy(bytes, 0, backwards, 8, 8);
        assertThatThrownBy(() -> KafkaOffsetIndex.read(MemorySegment.ofArray(backwards), 0, 1000))
                .isInstanceOf(KafkaFormatException.class).hasMessageContaining("does not follow");
        // a preallocated, zero-filled tail (an unclean stop) ends the index
        byte[] preallocated = java.util.Arrays.copyOf(bytes, 80);
        assertThat(KafkaOffsetIndex.read(MemorySegment.ofArray(preallocated), 0, 1000).entries()).isEqualTo(2);
        preallocated[70] = 1;
        assertThatThrownBy(() -> KafkaOffsetIndex.read(MemorySegment.ofArray(preallocated), 0, 1000))
                .isInstanceOf(KafkaFormatException.class).hasMessageContaining("zero but entries follow");
        KafkaTimeIndex times = new KafkaTimeIndex(0);
        times.maybeAppend(0, 0);
        times.maybeAppend(7, 3);
        times.maybeAppend(7, 3);
        assertThat(times.entries()).isEqualTo(2);
        byte[] timeBytes = java.util.Arrays.copyOf(times.toBytes(), 60);
        assertThat(KafkaTimeIndex.read(MemorySegment.ofArray(timeBytes), 0).lastEntry()).isEqualTo(new TimestampOffset(7, 3));
        assertThatThrownBy(() -> times.maybeAppend(6, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void segmentFileNamesAreKafkas() {
        assertThat(KafkaFiles.log(1234)).isEqualTo("00000000000000001234.log");
        assertThat(KafkaFiles.index(0)).isEqualTo("00000000000000000000.index");
        assertThat(KafkaFiles.timeIndex(Long.MAX_VALUE)).isEqualTo("09223372036854775807.timeindex");
        java.io.File here = new java.io.File(".");
        for (long offset : new long[]{0, 77, 1L << 40, Long.MAX_VALUE}) {
            assertThat(KafkaFiles.log(offset)).isEqualTo(LogFileUtils.logFile(here, offset).getName());
            assertThat(KafkaFiles.index(offset)).isEqualTo(LogFileUtils.offsetIndexFile(here, offset).getName());
            assertThat(KafkaFiles.timeIndex(offset)).isEqualTo(LogFileUtils.timeIndexFile(here, offset).getName());
            assertThat(KafkaFiles.parse(KafkaFiles.log(offset), KafkaFiles.LOG_SUFFIX)).hasValue(
                    LogFileUtils.offsetFromFileName(KafkaFiles.log(offset)));
        }
        assertThat(KafkaFiles.parse("00000000000000001234.log", KafkaFiles.LOG_SUFFIX)).hasValue(1234);
        assertThat(KafkaFiles.parse("00000000000000001234.log", KafkaFiles.INDEX_SUFFIX)).isEmpty();
        assertThat(KafkaFiles.parse("99999999999999999999.log", KafkaFiles.LOG_SUFFIX)).isEmpty();
        assertThat(KafkaFiles.parse("1234.log", KafkaFiles.LOG_SUFFIX)).isEmpty();
        assertThatThrownBy(() -> KafkaFiles.log(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
