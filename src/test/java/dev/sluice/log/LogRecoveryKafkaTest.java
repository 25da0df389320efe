package dev.sluice.log;

import dev.sluice.log.kafka.KafkaFiles;
import dev.sluice.testing.TestData;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

import static dev.sluice.log.LogTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogRecoveryTest} in Kafka's format: every test there runs again on a log of Kafka v2 batches
 * (61-byte headers, the length at byte 8, CRC-32C at byte 17 over bytes 21 on), with Kafka's
 * {@code .index} (int32 relative last offset, int32 position) and {@code .timeindex} (int64
 * timestamp, int32 relative offset) beside each segment, no checksum on either. The tests here damage
 * those files as a disk or a crash could, and check what G3 promises (indexes are advisory and can
 * always be rebuilt): a reader is never misled, and damage recovery can see is rebuilt as it was.
 * kafka-clients' {@code FileRecords} checks the segments recovery leaves.
 */
class LogRecoveryKafkaTest extends LogRecoveryTest {
    @Override
    LogFormat format() {
        return LogFormat.KAFKA;
    }

    private Path offsetIndex(long base) {
        return dir.resolve(KafkaFiles.index(base));
    }

    private Path timeIndex(long base) {
        return dir.resolve(KafkaFiles.timeIndex(base));
    }

    private static byte[] entry(int relativeOffset, int position) {
        return ByteBuffer.allocate(8).putInt(relativeOffset).putInt(position).array();
    }

    /** Every offset of the segment at {@code base} read on its own, and the first offset at or after each record's time. */
    private void assertEveryOffsetReadsBack(Log log, long base, long next, String what) throws IOException {
        for (long offset = base; offset < next; offset++) {
            try (LogReader reader = log.reader(offset, ReaderConfig.defaults())) {
                List<LogRecord> got = reader.poll(1);
                assertThat(got).as("%s: a reader at %d", what, offset).hasSize(1);
                assertThat(got.getFirst().offset()).as(what).isEqualTo(offset);
                assertThat(got.getFirst().payload()).as("%s: record %d", what, offset).isEqualTo(written.get((int) offset));
            }
        }
        List<LogRecord> all = readAll(log, 0);
        for (long offset = base; offset < next; offset++) {
            long t = all.get((int) offset).timestamp();
            long first = all.stream().filter(r -> r.timestamp() >= t).mapToLong(LogRecord::offset).min().orElseThrow();
            assertThat(log.offsetForTime(t)).as("%s: offsetForTime(%d), the time of record %d", what, t, offset)
                    .isEqualTo(OptionalLong.of(first));
        }
    }

    @ParameterizedTest(name = "crashed {0}")
    @ValueSource(booleans = {true, false})
    void aWellFormedActiveKafkaIndexThatDoesNotMatchTheSegmentIsNeverUsedToCut(boolean crashed) throws IOException {
        if (crashed) {
            forgetCleanShutdown(dir);
        }
        long size = Files.size(active());
        // well-formed: increasing, inside the segment; but no batch ends at offset 5 at that position
        ByteBuffer bogus = ByteBuffer.allocate(16).put(entry(5, (int) size - 10)).put(entry(6, (int) size - 3));
        Files.write(offsetIndex(activeBase), bogus.array());
        Files.write(timeIndex(activeBase), ByteBuffer.allocate(12).putLong(Long.MAX_VALUE - 1).putInt(1).array());
        try (Log log = Log.open(dir, config())) {
            assertThat(Files.size(active())).isEqualTo(size);
            assertThat(Files.exists(offsetIndex(activeBase))).as("the active .index is removed at open").isFalse();
            assertThat(Files.exists(timeIndex(activeBase))).as("the active .timeindex is removed at open").isFalse();
            assertHoldsExactly(log, written);
            assertEveryOffsetReadsBack(log, activeBase, written.size(), "active");
        }
        assertThat(Files.readAllBytes(offsetIndex(activeBase))).isEqualTo(closed.get(KafkaFiles.index(activeBase)));
        assertThat(Files.readAllBytes(timeIndex(activeBase))).isEqualTo(closed.get(KafkaFiles.timeIndex(activeBase)));
    }

    /** Damage Kafka's readers can see (sizes, order, range): the sealed segment's indexes are written again as they were. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"index missing", "time index missing", "both missing", "index not whole entries",
            "time index not whole entries", "index entries out of order", "index entry past the segment",
            "time index going back", "zero entry before real ones"})
    void aMissingOrVisiblyDamagedSealedKafkaIndexIsRebuilt(String damage) throws IOException {
        long base = sealedBases().get(2);
        byte[] index = closed.get(KafkaFiles.index(base));
        byte[] times = closed.get(KafkaFiles.timeIndex(base));
        assertThat(index.length).as(".index entries").isGreaterThan(3 * 8);
        assertThat(times.length).as(".timeindex entries").isGreaterThanOrEqualTo(12);
        Path segment = segmentFile(dir, base);
        switch (damage) {
            case "index missing" -> Files.delete(offsetIndex(base));
            case "time index missing" -> Files.delete(timeIndex(base));
            case "both missing" -> {
                Files.delete(offsetIndex(base));
                Files.delete(timeIndex(base));
            }
            case "index not whole entries" -> append(offsetIndex(base), new byte[] {1, 2, 3});
            case "time index not whole entries" -> append(timeIndex(base), new byte[] {1, 2, 3, 4, 5});
            case "index entries out of order" -> {
                byte[] swapped = index.clone();
                System.arraycopy(index, 8, swapped, 16, 8);
                System.arraycopy(index, 16, swapped, 8, 8);
                Files.write(offsetIndex(base), swapped);
            }
            case "index entry past the segment" -> {
                byte[] past = index.clone();
                ByteBuffer.wrap(past).putInt(past.length - 4, (int) Files.size(segment) + 100);
                Files.write(offsetIndex(base), past);
            }
            case "time index going back" -> {
                byte[] back = ByteBuffer.allocate(times.length + 12).put(times).putLong(1).putInt(1).array();
                Files.write(timeIndex(base), back);
            }
            case "zero entry before real ones" -> {
                byte[] zeroFirst = index.clone();
                System.arraycopy(new byte[8], 0, zeroFirst, 0, 8);
                Files.write(offsetIndex(base), zeroFirst);
            }
            default -> throw new IllegalArgumentException(damage);
        }
        try (Log log = Log.open(dir, config())) {
            assertThat(Files.readAllBytes(offsetIndex(base))).as("the .index is written again, as it was").isEqualTo(index);
            assertThat(Files.readAllBytes(timeIndex(base))).as("the .timeindex is written again, as it was").isEqualTo(times);
            assertHoldsExactly(log, written);
            assertEveryOffsetReadsBack(log, base, sealedBases().get(3), damage);
        }
    }

    /**
     * Kafka's indexes carry no checksum, so some damage leaves a well-formed index that is wrong: an
     * entry whose position is moved into its batch, another segment's index, a time index whose
     * timestamps are off. G3 still holds: readers and offsetForTime give exactly what was written.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"an entry's position moved into its batch", "an entry's offset one too high",
            "an entry's offset one too low", "another segment's index", "another segment's time index",
            "empty index", "empty time index", "time index timestamps raised"})
    void aWellFormedButWrongSealedKafkaIndexNeverMisleadsAReader(String damage) throws IOException {
        long base = sealedBases().get(2);
        long next = sealedBases().get(3);
        byte[] index = closed.get(KafkaFiles.index(base));
        byte[] times = closed.get(KafkaFiles.timeIndex(base));
        int middle = index.length / 8 / 2 * 8;
        switch (damage) {
            case "an entry's position moved into its batch" -> {
                byte[] moved = index.clone();
                ByteBuffer b = ByteBuffer.wrap(moved);
                b.putInt(middle + 4, b.getInt(middle + 4) + 17);
                Files.write(offsetIndex(base), moved);
            }
            case "an entry's offset one too high", "an entry's offset one too low" -> {
                byte[] shifted = index.clone();
                ByteBuffer b = ByteBuffer.wrap(shifted);
                b.putInt(middle, b.getInt(middle) + (damage.endsWith("high") ? 1 : -1));
                Files.write(offsetIndex(base), shifted);
            }
            case "another segment's index" -> Files.write(offsetIndex(base), closed.get(KafkaFiles.index(next)));
            case "another segment's time index" -> Files.write(timeIndex(base), closed.get(KafkaFiles.timeIndex(next)));
            case "empty index" -> Files.write(offsetIndex(base), new byte[0]);
            case "empty time index" -> Files.write(timeIndex(base), new byte[0]);
            case "time index timestamps raised" -> {
                ByteBuffer raised = ByteBuffer.wrap(times.clone());
                for (int i = 0; i < times.length; i += 12) {
                    raised.putLong(i, raised.getLong(i) + 1_000_000);
                }
                Files.write(timeIndex(base), raised.array());
            }
            default -> throw new IllegalArgumentException(damage);
        }
        try (Log log = Log.open(dir, config())) {
            assertHoldsExactly(log, written);
            assertEveryOffsetReadsBack(log, base, next, damage);
        }
    }

    /** An .index or .timeindex larger than the bound recovery reads is damage too: rebuilt, never taken for an empty index. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {".index", ".timeindex"})
    void aKafkaIndexLargerThanRecoveryReadsIsRebuilt(String which) throws IOException {
        long base = sealedBases().get(2);
        Path file = which.equals(".index") ? offsetIndex(base) : timeIndex(base);
        byte[] original = closed.get(file.getFileName().toString());
        // garbage at the start, then a sparse run past the 16 MiB bound
        Files.write(file, TestData.randomBytes(new Random(9), 4096));
        writeAt(file, (17L << 20) - 1, new byte[1]);
        try (Log log = Log.open(dir, config())) {
            assertThat(Files.size(file)).as("%s rewritten", which).isEqualTo(original.length);
            assertThat(Files.readAllBytes(file)).isEqualTo(original);
            assertHoldsExactly(log, written);
        }
    }

    /** Kafka's CRC leaves the partition leader epoch (bytes 12-15) out: a change there is no damage, and the records read as written. */
    @Test
    void aChangedPartitionLeaderEpochIsNotDamage() throws IOException {
        long base = sealedBases().get(1);
        Path segment = segmentFile(dir, base);
        List<Long> boundaries = batchBoundaries(segment, format());
        forgetCleanShutdown(dir);
        Files.delete(dir.resolve(SegmentNames.RECOVERY_POINT)); // every sealed segment is verified
        flipByte(segment, boundaries.get(boundaries.size() / 2) + 13);
        try (Log log = Log.open(dir, config())) {
            assertHoldsExactly(log, written);
        }
    }

    /** Torn tails cut at a spread of bytes: what recovery leaves, appended to, is a partition kafka-clients reads whole. */
    @Test
    void aRecoveredTornTailLeavesSegmentsKafkaClientsFindsValid() throws IOException {
        List<Long> boundaries = batchBoundaries(active(), format());
        long from = boundaries.get(boundaries.size() - 4);
        long size = boundaries.getLast();
        for (long cut = from; cut < size; cut += 7) {
            restore(dir, closed);
            forgetCleanShutdown(dir);
            truncate(active(), cut);
            long end;
            try (Log log = Log.open(dir, config())) {
                end = log.endOffset();
                log.append(("after-" + cut).getBytes(), ("payload-" + cut).getBytes(), List.of());
            }
            long next = 0;
            for (String name : fileNames(dir)) {
                if (SegmentNames.parseLog(name).isEmpty()) {
                    continue;
                }
                try (FileRecords records = FileRecords.open(dir.resolve(name).toFile(), false)) {
                    long bytes = 0;
                    for (RecordBatch batch : records.batches()) {
                        batch.ensureValid();
                        assertThat(batch.baseOffset()).as("cut at %d: %s", cut, name).isEqualTo(next);
                        next = batch.nextOffset();
                        bytes += batch.sizeInBytes();
                    }
                    assertThat(bytes).as("cut at %d: %s holds whole batches only", cut, name).isEqualTo(records.sizeInBytes());
                }
            }
            assertThat(next).as("cut at %d", cut).isEqualTo(end + 1);
        }
    }

    /** The sealed segments' time index entries name real batches: the largest timestamp, with its batch's last offset. */
    @Test
    void sealedTimeIndexesEndWithTheSegmentsLargestTimestamp() throws IOException {
        try (Log log = Log.open(dir, config())) {
            List<LogRecord> all = readAll(log, 0);
            List<Long> bases = new ArrayList<>(sealedBases());
            bases.add(activeBase);
            for (int i = 0; i + 1 < bases.size(); i++) {
                long base = bases.get(i);
                long next = bases.get(i + 1);
                byte[] times = Files.readAllBytes(timeIndex(base));
                ByteBuffer b = ByteBuffer.wrap(times);
                long lastTimestamp = b.getLong(times.length - 12);
                long lastOffset = base + b.getInt(times.length - 4);
                long max = all.subList((int) base, (int) next).stream().mapToLong(LogRecord::timestamp).max().orElseThrow();
                assertThat(lastTimestamp).as("segment %d", base).isEqualTo(max);
                assertThat(all.get((int) lastOffset).timestamp()).isEqualTo(max);
            }
        }
    }

    /**
     * Kafka's indexes hold offsets as int32s relative to the segment's base, so a batch whose last
     * offset is 2^31 or more past it cannot be indexed. A CRC-valid batch may still claim such a span
     * (lastOffsetDelta is an int32; compaction leaves spans wider than the records): recovery must cut
     * it as a torn tail or refuse with an IOException, and appends after it must work or fail as I/O
     * does, never with an IllegalArgumentException from the indexer.
     */
    @ParameterizedTest(name = "batch {0} of the active segment")
    @ValueSource(ints = {0, 1})
    void aBatchWhoseOffsetsPassTheIndexesInt32RangeIsNeverAnIllegalArgument(int which) throws IOException {
        List<Long> boundaries = batchBoundaries(active(), format());
        byte[] bytes = Files.readAllBytes(active());
        int at = Math.toIntExact(boundaries.get(which));
        int end = Math.toIntExact(boundaries.get(which + 1));
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.putInt(at + 23, Integer.MAX_VALUE); // lastOffsetDelta
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, at + 21, end - at - 21);
        b.putInt(at + 17, (int) crc.getValue());
        Files.write(active(), bytes);
        forgetCleanShutdown(dir);
        Log log;
        try {
            log = Log.open(dir, config());
        } catch (IOException refused) {
            return; // refusing is allowed
        }
        try (log) {
            long end0 = log.endOffset();
            assertThat(end0).as("the records before the batch are kept").isGreaterThanOrEqualTo(activeBase + which);
            try {
                long next = log.append("after".getBytes());
                assertThat(next).isEqualTo(end0);
            } catch (IOException e) {
                // failing as I/O does is allowed
            }
        }
        try (Log again = Log.open(dir, config())) {
            assertThat(readAll(again, 0).subList(0, (int) activeBase + which).stream().map(LogRecord::payload).toList())
                    .containsExactlyElementsOf(written.subList(0, (int) activeBase + which));
        }
    }
}
