package dev.sluice.log;

import dev.sluice.testing.TestData;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.sluice.log.LogTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Recovery after crashes and damage, done to the files with plain NIO: a log is written and closed
 * cleanly, then the clean-shutdown marker is removed (what a crash leaves) and segment or index
 * bytes are changed, and the log is opened again. Torn or garbage tails of the active segment are
 * cut back to the last whole batch; damage anywhere else is reported, never cut.
 */
@Tag("fs-matrix")
class LogRecoveryTest {
    private static final long SEED = 20240611;

    @TempDir
    Path root;

    /** The format of the log under test; {@link LogRecoveryKafkaTest} runs every test here in Kafka's. */
    LogFormat format() {
        return LogFormat.SLUICE;
    }

    LogConfig config() {
        return small(format());
    }

    int headerBytes() {
        return LogTesting.headerBytes(format());
    }

    /** Skips a test of sluice's own index layout, which {@link LogRecoveryKafkaTest} tests in Kafka's. */
    void assumeSluiceIndexes() {
        org.junit.jupiter.api.Assumptions.assumeTrue(format() == LogFormat.SLUICE,
                "sluice's index layout; LogRecoveryKafkaTest tests Kafka's .index and .timeindex");
    }
    Path dir;
    /** Payloads by offset of the log as written. */
    List<byte[]> written;
    /** The directory after the clean close. */
    Map<String, byte[]> closed;
    long activeBase;

    @BeforeEach
    void writeLog() throws IOException {
        dir = root.resolve("log");
        try (Log log = Log.open(dir, config())) {
            written = new ArrayList<>(appendRecords(log, SEED, 200));
            while (log.endOffset() - log.segments().getLast().baseOffset() < 20) {
                written.addAll(appendRecords(log, SEED, 1));
            }
            // the last batches are small, and one holds three records, so cuts inside them are many and varied
            appendSmall(log, 1);
            List<MemorySegment> three = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] p = ("three-" + i + "-" + "x".repeat(20 * i)).getBytes(StandardCharsets.UTF_8);
                three.add(MemorySegment.ofArray(p));
                written.add(p);
            }
            assertThat(log.appendBatch(three)).isEqualTo(written.size() - 3);
            appendSmall(log, 1);
            assertThat(log.segments().size()).as("segments").isGreaterThanOrEqualTo(5);
            activeBase = log.segments().getLast().baseOffset();
            assertThat(written.size() - activeBase).as("records in the active segment").isGreaterThan(10);
        }
        closed = snapshot(dir);
        assertThat(closed).containsKeys(SegmentNames.CLEAN_SHUTDOWN, SegmentNames.RECOVERY_POINT,
                SegmentNames.index(activeBase));
    }

    private void appendSmall(Log log, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            byte[] p = ("small-" + written.size()).getBytes(StandardCharsets.UTF_8);
            assertThat(log.append(p)).isEqualTo(written.size());
            written.add(p);
        }
    }

    Path active() {
        return segmentFile(dir, activeBase);
    }

    Path activeIndex() {
        return indexFile(dir, activeBase);
    }

    /** Opens, checks the log holds exactly {@code expected} records of {@link #written}, closes. */
    void assertRecoversTo(int expected) throws IOException {
        try (Log log = Log.open(dir, config())) {
            assertHoldsExactly(log, written.subList(0, expected));
        }
    }

    // 1. Garbage appended to the active segment or to its index

    @Test
    void randomBytesAppendedToTheActiveSegmentAreCut() throws IOException {
        Random random = new Random(SEED);
        long size = closed.get(SegmentNames.log(activeBase)).length;
        for (int iteration = 0; iteration < 50; iteration++) {
            restore(dir, closed);
            boolean crashed = iteration % 2 == 0; // odd iterations keep the marker: the saved index is used
            if (crashed) {
                forgetCleanShutdown(dir);
            }
            int n = 1 + random.nextInt(1024);
            append(active(), TestData.randomBytes(random, n));
            try (Log log = Log.open(dir, config())) {
                assertThat(Files.size(active())).as("iteration %d: %d bytes appended, crashed %s", iteration, n, crashed)
                        .isEqualTo(size);
                assertHoldsExactly(log, written);
            }
            assertThat(snapshot(dir)).as("iteration %d: the directory after a clean close", iteration)
                    .containsExactlyInAnyOrderEntriesOf(closed);
        }
    }

    @Test
    void randomBytesAppendedToTheActiveIndexAreHarmless() throws IOException {
        Random random = new Random(SEED + 1);
        for (int iteration = 0; iteration < 50; iteration++) {
            restore(dir, closed);
            boolean crashed = iteration % 2 == 1; // even iterations keep the marker: the damaged index is read
            if (crashed) {
                forgetCleanShutdown(dir);
            }
            int n = 1 + random.nextInt(1024);
            for (Path index : indexFiles(dir, activeBase, format())) {
                append(index, TestData.randomBytes(random, n));
            }
            assertRecoversTo(written.size());
            assertThat(snapshot(dir)).as("iteration %d: %d bytes appended, crashed %s", iteration, n, crashed)
                    .containsExactlyInAnyOrderEntriesOf(closed);
        }
    }

    @ParameterizedTest(name = "crashed {0}")
    @ValueSource(booleans = {true, false})
    void aWellFormedActiveIndexThatDoesNotMatchTheSegmentIsNeverUsedToCut(boolean crashed) throws IOException {
        assumeSluiceIndexes();
        if (crashed) {
            forgetCleanShutdown(dir);
        }
        // a well-formed index (its checksum is right) that claims a batch where there is none
        long size = Files.size(active());
        SegmentIndex bogus = new SegmentIndex(INDEX_INTERVAL_BYTES);
        bogus.onBatch(activeBase, 0);
        bogus.onBatch(activeBase + 5, size - 10);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            Files.write(activeIndex(), bogus.serialize(arena).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
        try (Log log = Log.open(dir, config())) {
            assertThat(Files.size(active())).isEqualTo(size);
            assertThat(Files.exists(activeIndex())).as("the active index is removed at open").isFalse();
            assertHoldsExactly(log, written);
        }
        assertThat(Files.readAllBytes(activeIndex())).isEqualTo(closed.get(SegmentNames.index(activeBase)));
    }

    // 2. Garbage from inside record k to the end

    @Test
    void overwritingFromInsideRecordKToTheEndLeavesExactlyTheRecordsBeforeK() throws IOException {
        Random random = new Random(SEED + 2);
        List<Long> boundaries = batchBoundaries(active(), format());
        int batches = boundaries.size() - 1;
        // the active segment holds single-record batches, then one of three records, then one more
        List<Long> firstOffsets = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            firstOffsets.add(b < batches - 1 ? activeBase + b : (long) written.size() - 1);
        }
        firstOffsets.set(batches - 2, (long) written.size() - 4);
        for (int b : new int[] {0, 1, batches / 3, batches / 2, batches - 3, batches - 2, batches - 1}) {
            for (int attempt = 0; attempt < 3; attempt++) {
                restore(dir, closed);
                forgetCleanShutdown(dir);
                long start = boundaries.get(b);
                long end = boundaries.get(b + 1);
                long at = attempt == 0 ? start : attempt == 1 ? end - 1 : start + 1 + random.nextInt((int) (end - start - 1));
                byte[] original = closed.get(SegmentNames.log(activeBase));
                byte[] garbage = TestData.randomBytes(random, (int) (original.length - at));
                garbage[0] = (byte) (original[(int) at] ^ (1 + random.nextInt(255))); // surely changed
                writeAt(active(), at, garbage);
                int k = Math.toIntExact(firstOffsets.get(b));
                try (Log log = Log.open(dir, config())) {
                    assertThat(Files.size(active())).as("batch %d cut at byte %d", b, at).isEqualTo(start);
                    assertHoldsExactly(log, written.subList(0, k));
                    assertThat(log.append("next".getBytes())).isEqualTo(k);
                }
            }
        }
    }

    // 3. Truncation at every byte of the last three batches

    @Test
    void truncationAtEveryByteOfTheLastThreeBatchesKeepsTheWholeBatchesBefore() throws IOException {
        List<Long> boundaries = batchBoundaries(active(), format());
        int batches = boundaries.size() - 1;
        byte[] original = closed.get(SegmentNames.log(activeBase));
        // records held by the batches before each of the last three boundaries
        int[] recordsBefore = {written.size() - 5, written.size() - 4, written.size() - 1, written.size()};
        long from = boundaries.get(batches - 3);
        int checked = 0;
        for (long cut = from; cut <= original.length; cut++) {
            int b = batches - 3;
            while (b < batches && boundaries.get(b + 1) <= cut) {
                b++;
            }
            int keep = recordsBefore[b - (batches - 3)];
            long keepBytes = boundaries.get(b);
            restore(dir, closed);
            forgetCleanShutdown(dir);
            truncate(active(), cut);
            try (Log log = Log.open(dir, config())) {
                assertThat(Files.size(active())).as("cut at %d", cut).isEqualTo(keepBytes);
                assertThat(log.endOffset()).as("cut at %d", cut).isEqualTo(keep);
                List<LogRecord> tail = readAll(log, activeBase);
                assertThat(tail).hasSize((int) (keep - activeBase));
                for (LogRecord r : tail) {
                    assertThat(r.payload()).as("cut at %d, record %d", cut, r.offset())
                            .isEqualTo(written.get((int) r.offset()));
                }
                assertThat(log.append(("after-" + cut).getBytes())).isEqualTo(keep);
                assertThat(log.append(("after2-" + cut).getBytes())).isEqualTo(keep + 1);
            }
            if (cut % 25 == 0 || cut == original.length) {
                try (Log log = Log.open(dir, config())) {
                    List<byte[]> expected = new ArrayList<>(written.subList(0, keep));
                    expected.add(("after-" + cut).getBytes());
                    expected.add(("after2-" + cut).getBytes());
                    assertHoldsExactly(log, expected);
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(150);
    }

    // 4. Extensions past the end

    @ParameterizedTest(name = "{0}")
    @EnumSource(IoMode.class)
    void anExtensionWithZerosOrGarbageIsCutBack(IoMode io) throws IOException {
        LogConfig config = config().toBuilder().ioMode(io).build();
        long size = closed.get(SegmentNames.log(activeBase)).length;
        Random random = new Random(SEED + 4);
        int h = headerBytes();
        List<long[]> extensions = List.of(new long[] {1, 0}, new long[] {h - 1, 0}, new long[] {h, 0},
                new long[] {4096, 0}, new long[] {SEGMENT_BYTES - size, 0}, new long[] {1 << 20, 0},
                new long[] {1, 1}, new long[] {h, 1}, new long[] {5000, 1}, new long[] {SEGMENT_BYTES - size, 1},
                new long[] {200_000, 1});
        for (long[] e : extensions) {
            restore(dir, closed);
            forgetCleanShutdown(dir);
            if (e[1] == 0) {
                writeAt(active(), size + e[0] - 1, new byte[1]); // a sparse run of zeros
            } else {
                append(active(), TestData.randomBytes(random, (int) e[0]));
            }
            assertThat(Files.size(active())).isEqualTo(size + e[0]);
            String what = e[0] + (e[1] == 0 ? " zeros" : " garbage bytes") + " with " + io;
            try (Log log = Log.open(dir, config)) {
                assertThat(log.endOffset()).as(what).isEqualTo(written.size());
                assertHoldsExactly(log, written);
                long next = log.append("after".getBytes());
                assertThat(next).isEqualTo(written.size());
            }
            try (Log log = Log.open(dir, config)) {
                List<byte[]> expected = new ArrayList<>(written);
                expected.add("after".getBytes());
                assertHoldsExactly(log, expected);
            }
            assertThat(batchBoundaries(active(), format()).getLast()).as(what + ": the segment ends after the last batch")
                    .isEqualTo(Files.size(active()));
        }
    }

    @Test
    void aReadOnlyOpenFindsTheEndButChangesNothing() throws IOException {
        forgetCleanShutdown(dir);
        append(active(), new byte[777]);
        Map<String, byte[]> before = snapshot(dir);
        try (Log log = Log.openReadOnly(dir, config())) {
            assertHoldsExactly(log, written);
        }
        assertThat(snapshot(dir)).containsExactlyInAnyOrderEntriesOf(before);
    }

    // 5. A corrupt sealed segment is reported, never cut

    @Test
    void aCorruptSealedSegmentIsReportedWithItsNameAndPositionWhenVerified() throws IOException {
        Random random = new Random(SEED + 5);
        List<Long> bases = sealedBases();
        for (int attempt = 0; attempt < 12; attempt++) {
            restore(dir, closed);
            forgetCleanShutdown(dir);
            Files.delete(dir.resolve(SegmentNames.RECOVERY_POINT)); // without it, every sealed segment is verified
            long base = bases.get(attempt % bases.size());
            Path segment = segmentFile(dir, base);
            List<Long> boundaries = batchBoundaries(segment, format());
            long size = Files.size(segment);
            long at = switch (attempt % 4) {
                case 0 -> size / 2;
                case 1 -> boundaries.get(boundaries.size() / 2); // the first byte of a batch's length
                case 2 -> size - 1;
                default -> random.nextLong(size);
            };
            at = coveredByteAtOrAfter(boundaries, at);
            flipByte(segment, at);
            byte[] damaged = Files.readAllBytes(segment);
            Map<String, byte[]> before = snapshot(dir);
            for (boolean readOnly : new boolean[] {false, true}) {
                CorruptLogException e = catchThrowableOfType(CorruptLogException.class,
                        () -> (readOnly ? Log.openReadOnly(dir, config()) : Log.open(dir, config())).close());
                assertThat(e).as("byte %d of %s flipped", at, segment.getFileName()).isNotNull();
                assertThat(e.segment()).isEqualTo(SegmentNames.log(base));
                assertThat(e.position()).isEqualTo(batchStartAt(boundaries, at));
                assertThat(e.getMessage()).contains(SegmentNames.log(base)).contains("byte " + e.position());
            }
            assertThat(Files.readAllBytes(segment)).as("the corrupt segment is unchanged").isEqualTo(damaged);
            assertThat(snapshot(dir)).containsExactlyInAnyOrderEntriesOf(before);
        }
    }

    @Test
    void aCorruptSealedSegmentBeforeTheRecoveryPointIsReportedByTheReaderThatReachesIt() throws IOException {
        long base = sealedBases().get(2);
        Path segment = segmentFile(dir, base);
        List<Long> boundaries = batchBoundaries(segment, format());
        long at = coveredByteAtOrAfter(boundaries, Files.size(segment) / 2);
        long batchStart = batchStartAt(boundaries, at);
        forgetCleanShutdown(dir);
        flipByte(segment, at);
        byte[] damaged = Files.readAllBytes(segment);
        try (Log log = Log.open(dir, config())) {
            // trusted at open (it was synced before the recovery point moved past it), checked when read
            assertThat(log.endOffset()).isEqualTo(written.size());
            CorruptLogException e = catchThrowableOfType(CorruptLogException.class, () -> readAll(log, 0));
            assertThat(e).isNotNull();
            assertThat(e.segment()).isEqualTo(SegmentNames.log(base));
            assertThat(e.position()).isEqualTo(batchStart);
            // everything else can still be read, and appends go on
            assertThat(readAll(log, base + boundaries.indexOf(batchStart) + 1)).isNotEmpty();
            assertThat(log.append("after".getBytes())).isEqualTo(written.size());
        }
        assertThat(Files.readAllBytes(segment)).isEqualTo(damaged);
    }

    @Test
    void aTruncatedSealedSegmentIsReportedNotCut() throws IOException {
        List<Long> bases = sealedBases();
        long base = bases.get(1);
        Path segment = segmentFile(dir, base);
        List<Long> boundaries = batchBoundaries(segment, format());
        long lastBatch = boundaries.get(boundaries.size() - 2);
        for (long cut : new long[] {boundaries.getLast() - 1, lastBatch + 10, lastBatch + headerBytes() - 1, lastBatch}) {
            restore(dir, closed);
            forgetCleanShutdown(dir);
            truncate(segment, cut);
            CorruptLogException e = catchThrowableOfType(CorruptLogException.class, () -> Log.open(dir, config()).close());
            assertThat(e).as("cut at %d", cut).isNotNull();
            if (cut == lastBatch) {
                // a cut at a batch boundary leaves a valid segment that ends short of the next one
                assertThat(e.segment()).isEqualTo(SegmentNames.log(bases.get(2)));
                assertThat(e.getMessage()).contains("segment before it ends at " + (bases.get(2) - 1));
            } else {
                assertThat(e.segment()).isEqualTo(SegmentNames.log(base));
                assertThat(e.position()).isEqualTo(lastBatch);
            }
            assertThat(Files.size(segment)).as("never cut").isEqualTo(cut);
        }
    }

    @Test
    void aMissingSegmentInTheMiddleIsReported() throws IOException {
        List<Long> bases = sealedBases();
        long missing = bases.get(2);
        Files.delete(segmentFile(dir, missing));
        for (Path index : indexFiles(dir, missing, format())) {
            Files.delete(index);
        }
        CorruptLogException e = catchThrowableOfType(CorruptLogException.class, () -> Log.open(dir, config()).close());
        assertThat(e).isNotNull();
        assertThat(e.segment()).isEqualTo(SegmentNames.log(bases.get(3)));
        assertThat(e.getMessage()).contains("ends at " + missing);
    }

    /**
     * {@code at}, or in Kafka's format the first byte after it that a reader checks: Kafka's CRC leaves
     * the partition leader epoch (bytes 12-15 of a batch) out, so a flip there is no damage Kafka (or
     * sluice) can see (LogRecoveryKafkaTest shows it is read as written).
     */
    long coveredByteAtOrAfter(List<Long> boundaries, long at) {
        if (format() != LogFormat.KAFKA) {
            return at;
        }
        long inBatch = at - batchStartAt(boundaries, at);
        return inBatch >= 12 && inBatch < 16 ? at + (16 - inBatch) : at;
    }

    List<Long> sealedBases() throws IOException {
        return fileNames(dir).stream().map(SegmentNames::parseLog).filter(java.util.OptionalLong::isPresent)
                .map(java.util.OptionalLong::getAsLong).filter(b -> b != activeBase).toList();
    }

    // 6. Indexes of sealed segments are rebuilt

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"missing", "empty", "flipped byte", "garbage appended", "last entry cut",
            "trailer only", "another segment's index"})
    void aMissingOrDamagedSealedIndexIsRebuilt(String damage) throws IOException {
        assumeSluiceIndexes();
        List<Long> bases = sealedBases();
        long base = bases.get(2);
        Path index = indexFile(dir, base);
        byte[] original = closed.get(SegmentNames.index(base));
        assertThat(original.length).as("entries").isGreaterThan(3 * SegmentIndex.ENTRY_BYTES);
        switch (damage) {
            case "missing" -> Files.delete(index);
            case "empty" -> Files.write(index, new byte[0]);
            case "flipped byte" -> flipByte(index, original.length / 2);
            case "garbage appended" -> append(index, TestData.randomBytes(new Random(6), 100));
            case "last entry cut" -> truncate(index, original.length - SegmentIndex.ENTRY_BYTES);
            case "trailer only" -> Files.write(index, new byte[SegmentIndex.TRAILER_BYTES]);
            case "another segment's index" -> Files.write(index, closed.get(SegmentNames.index(bases.get(3))));
            default -> throw new IllegalArgumentException(damage);
        }
        try (Log log = Log.open(dir, config())) {
            assertThat(Files.readAllBytes(index)).as("the index is written again, as it was").isEqualTo(original);
            assertHoldsExactly(log, written);
            long next = bases.get(3);
            for (long offset = base; offset < next; offset++) {
                try (LogReader reader = log.reader(offset, ReaderConfig.defaults())) {
                    List<LogRecord> got = reader.poll(1);
                    assertThat(got).hasSize(1);
                    assertThat(got.getFirst().offset()).isEqualTo(offset);
                    assertThat(got.getFirst().payload()).isEqualTo(written.get((int) offset));
                }
            }
        }
    }

    /**
     * A batch that is whole and CRC-valid but longer than maxBatchBytes was written with a larger
     * limit: cutting it as a torn tail would destroy acknowledged records, so the open refuses.
     */
    @Test
    void aBatchLargerThanMaxBatchBytesEndingTheActiveSegmentIsRefusedNotCut() throws IOException {
        Path other = root.resolve("wide");
        LogConfig wide = config().toBuilder().maxBatchBytes(4 * MAX_BATCH_BYTES).build();
        try (Log log = Log.open(other, wide)) {
            log.append(new byte[10]);
            log.append(new byte[2 * MAX_BATCH_BYTES]); // the last batch, ending the file exactly
        }
        forgetCleanShutdown(other);
        Map<String, byte[]> before = snapshot(other);
        assertThatThrownBy(() -> Log.open(other, config())).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining("more than maxBatchBytes (" + MAX_BATCH_BYTES + ")")
                .hasMessageContaining("open the log with the maxBatchBytes it was written with");
        assertThat(snapshot(other)).as("nothing cut").containsExactlyInAnyOrderEntriesOf(before);
        try (Log log = Log.open(other, wide)) {
            assertThat(log.endOffset()).isEqualTo(2);
        }
    }

    /** The index is advisory: one larger than any index of its segment can be is damage, and rebuilt. */
    @Test
    void anIndexLargerThanAnyIndexOfItsSegmentIsRebuilt() throws IOException {
        assumeSluiceIndexes();
        Path index = indexFile(dir, 0);
        long largest = Files.size(segmentFile(dir, 0)) / 4 * SegmentIndex.ENTRY_BYTES + SegmentIndex.TRAILER_BYTES;
        Files.write(index, new byte[(int) largest * 2]);
        assertRecoversTo(written.size());
        assertThat(Files.readAllBytes(index)).isEqualTo(closed.get(SegmentNames.index(0)));
    }

    // 7. Temporary files

    @Test
    void strayTemporaryFilesAreRemovedAtOpen() throws IOException {
        Path outside = root.resolve("outside.txt");
        Files.writeString(outside, "not the log's");
        Files.writeString(dir.resolve(SegmentNames.RECOVERY_POINT + ".tmp"), "12");
        Files.write(dir.resolve(SegmentNames.index(activeBase) + ".tmp"), new byte[100]);
        Files.write(dir.resolve(SegmentNames.CLEAN_SHUTDOWN + ".tmp"), new byte[0]);
        Files.writeString(dir.resolve("whatever.tmp"), "junk");
        Files.createSymbolicLink(dir.resolve("link.tmp"), outside);
        Files.writeString(dir.resolve("notes.txt"), "kept");
        try (Log log = Log.openReadOnly(dir, config())) {
            assertThat(log.endOffset()).isEqualTo(written.size());
        }
        assertThat(fileNames(dir)).as("a read-only open changes nothing").contains("whatever.tmp", "link.tmp");
        try (Log log = Log.open(dir, config())) {
            assertThat(fileNames(dir)).noneMatch(n -> n.endsWith(".tmp"));
            assertHoldsExactly(log, written);
        }
        assertThat(fileNames(dir)).contains("notes.txt").noneMatch(n -> n.endsWith(".tmp"));
        assertThat(Files.readString(outside)).as("a symlink is removed, not followed").isEqualTo("not the log's");
    }

    // 8. Symlinks and names

    @Test
    void aSymlinkedLogDirectoryIsRefused() throws IOException {
        Path link = root.resolve("link");
        Files.createSymbolicLink(link, dir);
        assertThatThrownBy(() -> Log.open(link, config()).close()).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> Log.openReadOnly(link, config()).close()).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
        assertThat(snapshot(dir)).containsExactlyInAnyOrderEntriesOf(closed);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sealed segment", "active segment", "sealed index", "recovery point"})
    void aSymlinkedFileInTheLogIsRefusedAndItsTargetLeftAlone(String which) throws IOException {
        String name = switch (which) {
            case "sealed segment" -> SegmentNames.log(sealedBases().get(1));
            case "active segment" -> SegmentNames.log(activeBase);
            case "sealed index" -> SegmentNames.index(sealedBases().get(1));
            default -> SegmentNames.RECOVERY_POINT;
        };
        Path target = root.resolve("elsewhere");
        Files.move(dir.resolve(name), target);
        append(target, new byte[4096]); // a tail recovery would cut, if it followed the link
        byte[] content = Files.readAllBytes(target);
        Files.createSymbolicLink(dir.resolve(name), target);
        forgetCleanShutdown(dir);
        assertThatThrownBy(() -> Log.open(dir, config()).close()).isInstanceOf(IOException.class)
                .hasMessageContaining(name);
        assertThatThrownBy(() -> Log.openReadOnly(dir, config()).close()).isInstanceOf(IOException.class);
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(Files.isSymbolicLink(dir.resolve(name))).isTrue();
    }

    @Test
    void unsafeNamesAreRefused() {
        for (String bad : new String[] {"", ".", "..", "a/b", "/etc/passwd", "../00000000000000000000.log",
                "00000000000000000000.log/", "a\0b", "00000000000000000000.log\0"}) {
            assertThatThrownBy(() -> SegmentNames.requireSafe(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsafe file name");
            assertThatThrownBy(() -> SegmentNames.parseLog(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SegmentNames.isTemporary(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SegmentNames.requireSafe(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SegmentNames.requireSafe("..a")).isEqualTo("..a");
        assertThat(SegmentNames.parseLog("00000000000000000000.log")).hasValue(0);
        assertThat(SegmentNames.parseLog("00000000000000012345.log")).hasValue(12345);
        assertThat(SegmentNames.parseLog("09223372036854775807.log")).hasValue(Long.MAX_VALUE);
        assertThat(SegmentNames.parseLog("09223372036854775808.log")).isEmpty();
        assertThat(SegmentNames.parseLog("99999999999999999999.log")).isEmpty();
        assertThat(SegmentNames.parseLog("0000000000000000000.log")).as("19 digits").isEmpty();
        assertThat(SegmentNames.parseLog("000000000000000000000.log")).as("21 digits").isEmpty();
        assertThat(SegmentNames.parseLog("00000000000000000000.index")).isEmpty();
        assertThat(SegmentNames.parseLog("00000000000000000000.log.tmp")).isEmpty();
        assertThat(SegmentNames.parseLog("-0000000000000000001.log")).isEmpty();
        assertThat(SegmentNames.parseLog("0000000000000000000a.log")).isEmpty();
        assertThat(SegmentNames.log(42)).isEqualTo("00000000000000000042.log");
        assertThatThrownBy(() -> SegmentNames.log(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDirectoryNamedLikeASegmentIsRefused() throws IOException {
        Files.createDirectory(dir.resolve(SegmentNames.log(written.size() + 1000L)));
        assertThatThrownBy(() -> Log.open(dir, config()).close()).isInstanceOf(IOException.class);
        assertThat(snapshot(dir)).containsExactlyInAnyOrderEntriesOf(closed);
    }

    /**
     * Retention by age asks each sealed segment for its newest record's time (Kafka keeps it in the
     * {@code .timeindex}'s last entry). A segment whose newest record is not in its last batches (the
     * wall clock stepped back; in Kafka's format, a producer's clock) must keep it after a reopen too.
     * Segment 0's batches are made two days old here, all but one from a day ahead, CRCs made right
     * (sluice's: first timestamp at 24, max at 32, CRC-32C at 4 of bytes 8 on; Kafka's: 27, 35, and 17
     * of bytes 21 on).
     */
    @Test
    void retentionByAgeKeepsASealedSegmentWhoseNewestRecordIsInTheMiddleAfterAReopen() throws IOException {
        Path segment = segmentFile(dir, 0);
        byte[] bytes = Files.readAllBytes(segment);
        List<Long> boundaries = batchBoundaries(segment, format());
        long now = System.currentTimeMillis();
        int middle = (boundaries.size() - 1) / 2;
        boolean kafka = format() == LogFormat.KAFKA;
        int firstTime = kafka ? 27 : 24;
        int maxTime = kafka ? 35 : 32;
        int crcAt = kafka ? 17 : 4;
        int crcFrom = kafka ? 21 : 8;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        for (int i = 0; i + 1 < boundaries.size(); i++) {
            int at = Math.toIntExact(boundaries.get(i));
            long t = i == middle ? now + java.time.Duration.ofDays(1).toMillis()
                    : now - java.time.Duration.ofDays(2).toMillis() + i;
            b.putLong(at + firstTime, t); // the one record's time delta is 0
            b.putLong(at + maxTime, t);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes, at + crcFrom, Math.toIntExact(boundaries.get(i + 1)) - at - crcFrom);
            b.putInt(at + crcAt, (int) crc.getValue());
        }
        Files.write(segment, bytes);
        // its indexes go, so the next open checks it whole and writes them again from its batches
        for (Path index : indexFiles(dir, 0, format())) {
            Files.delete(index);
        }
        try (Log log = Log.open(dir, config())) {
            assertHoldsExactly(log, written);
        }
        try (Log log = Log.open(dir, config())) {
            assertThat(readAll(log, 0).stream().mapToLong(LogRecord::timestamp).max().orElseThrow())
                    .as("the newest record, a day ahead").isEqualTo(now + java.time.Duration.ofDays(1).toMillis());
        }
        LogConfig aged = config().toBuilder().retention(0, java.time.Duration.ofDays(1)).build();
        try (Log log = Log.open(dir, aged)) {
            for (int i = 0; i < 40; i++) {
                log.append(new byte[3000]); // rolls, and retention looks at segment 0
            }
            assertThat(log.segments().getLast().baseOffset()).as("rolled").isGreaterThan(activeBase);
            assertThat(log.startOffset()).as("segment 0 holds a record from a day ahead: kept").isZero();
        }
    }
}
