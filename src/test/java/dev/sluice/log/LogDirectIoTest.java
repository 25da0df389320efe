package dev.sluice.log;

import dev.sluice.sys.DirectIoAlignment;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.RecordingLibc;
import dev.sluice.sys.OpenFlag;
import dev.sluice.testing.FileSystemKind;
import dev.sluice.testing.FileSystemMatrix;
import dev.sluice.testing.ScratchFileSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** IoMode.DIRECT writes in the file's own direct I/O alignment; in the matrix, on each file system. */
@Tag("fs-matrix")
class LogDirectIoTest {
    @TempDir
    Path dir;

    private static LogConfig direct() {
        return LogConfig.builder().ioMode(IoMode.DIRECT).segmentBytes(1 << 20).maxBatchBytes(64 * 1024)
                .durability(Durability.none()).build();
    }

    /**
     * A small batch goes out as one alignment unit, not a page: on ext4 and XFS over a 512-byte
     * device that is 512 bytes; on btrfs its 4 KiB sector.
     */
    @Test
    void directWritesAreWholeUnitsOfTheFilesAlignmentAndNoMore() throws Exception {
        RecordingLibc recording = LogTesting.recorder(RecordingLibc.DirectorySyncs.KEEP);
        List<Integer> batchSizes = List.of(100, 700, 3000, 9000, 1);
        try (Log log = Log.open(dir, direct(), recording.kernel())) {
            for (int size : batchSizes) {
                log.append(new byte[size]);
            }
            log.flush();
        }
        String segment = SegmentNames.log(0);
        DirectIoAlignment alignment;
        try (NativeFile file = NativeFile.open(dir.resolve(segment), EnumSet.of(OpenFlag.READ))) {
            alignment = file.directIoAlignment();
        }
        List<RecordingLibc.Write> writes = writesTo(recording.ops(), segment);
        assertThat(writes).hasSize(batchSizes.size());
        int unit = alignment.offset();
        for (RecordingLibc.Write w : writes) {
            assertThat(w.offset() % unit).as("offset %d in units of %s", w.offset(), alignment).isZero();
            assertThat(w.bytes().length % unit).as("length %d in units of %s", w.bytes().length, alignment).isZero();
        }
        // The first batch (header and a 100-byte record) fits one unit whatever the alignment.
        assertThat(writes.getFirst().bytes().length).isEqualTo(unit);
        try (Log reopened = Log.open(dir, direct()); LogReader reader = reopened.reader(0, ReaderConfig.defaults())) {
            assertThat(reader.poll(10)).extracting(r -> r.payload().length).isEqualTo(batchSizes);
        }
    }

    /**
     * ramfs has no O_DIRECT (tmpfs has had it since Linux 6.6): Log.open says so, not just EINVAL.
     * Outside the matrix only: the ramfs is mounted below the @TempDir, and while the failed open's
     * descriptors stay open its lazy unmount would keep the matrix file system busy.
     */
    @Test
    void aFileSystemWithoutODirectIsAClearErrorAtOpen() throws Exception {
        Assumptions.assumeTrue(FileSystemMatrix.requested().isEmpty(), "runs on the disk only");
        String why = FileSystemKind.RAMFS.whyUnavailable();
        Assumptions.assumeTrue(why == null, () -> "needs a ramfs: " + why);
        try (ScratchFileSystem ramfs = ScratchFileSystem.mount(FileSystemKind.RAMFS, dir.resolve("ramfs"))) {
            assertThatThrownBy(() -> Log.open(ramfs.root().resolve("log"), direct()))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("IoMode.DIRECT: the file system of " + ramfs.root().resolve("log")
                            + " does not support O_DIRECT (open gave EINVAL); use IoMode.PWRITE there");
            try (Log log = Log.open(ramfs.root().resolve("log"), direct().toBuilder().ioMode(IoMode.PWRITE).build())) {
                assertThat(log.append(new byte[10])).isZero();
            }
        }
    }

    /**
     * Coalescing with O_DIRECT: every write covers whole units of the alignment, starting with the bytes
     * already in its first unit (from the buffer written before it, or from the file after a reopen), and
     * every record comes back, across rolls and reopens, in both formats.
     */
    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void coalescedDirectWritesAreWholeUnitsAndKeepEveryRecordAcrossRollsAndReopens(LogFormat format) throws Exception {
        LogConfig config = LogConfig.builder().format(format).ioMode(IoMode.DIRECT).segmentBytes(256 * 1024)
                .maxBatchBytes(64 * 1024).durability(Durability.everyBytes(DataSize.kib(32)))
                .coalescing(Coalescing.upTo(DataSize.kib(8), Duration.ofMillis(1))).build();
        RecordingLibc recording = LogTesting.recorder(RecordingLibc.DirectorySyncs.KEEP);
        List<byte[]> written = new ArrayList<>();
        try (Log log = Log.open(dir, config, recording.kernel())) {
            written.addAll(LogTesting.appendRecords(log, 7, 400));
            log.flush();
            assertThat(log.durableOffset()).isEqualTo(400);
            assertThat(log.segments().size()).as("segments").isGreaterThan(2);
            LogTesting.assertHoldsExactly(log, written);
        }
        DirectIoAlignment alignment;
        try (NativeFile file = NativeFile.open(dir.resolve(SegmentNames.log(0)), EnumSet.of(OpenFlag.READ))) {
            alignment = file.directIoAlignment();
        }
        List<RecordingLibc.Write> writes = writesTo(recording.ops(), SegmentNames.log(0));
        assertThat(writes).as("writes of the first segment").hasSizeGreaterThan(5);
        for (RecordingLibc.Write w : writes) {
            assertThat(w.offset() % alignment.offset()).as("offset %d", w.offset()).isZero();
            assertThat(w.bytes().length % alignment.offset()).as("length %d", w.bytes().length).isZero();
        }
        for (int reopen = 0; reopen < 2; reopen++) {
            try (Log log = Log.open(dir, config)) {
                LogTesting.assertHoldsExactly(log, written);
                // the active segment ends inside a unit: the first buffer's lead comes from the file
                written.addAll(LogTesting.appendRecords(log, 8 + reopen, 30));
                log.flush();
                LogTesting.assertHoldsExactly(log, written);
            }
        }
        try (Log log = Log.open(dir, config)) {
            LogTesting.assertHoldsExactly(log, written);
        }
    }

    private static List<RecordingLibc.Write> writesTo(List<RecordingLibc.Op> ops, String name) {
        Map<Integer, String> names = new HashMap<>();
        List<RecordingLibc.Write> writes = new ArrayList<>();
        for (RecordingLibc.Op op : ops) {
            if (op instanceof RecordingLibc.Create c) {
                names.put(c.inode(), c.name());
            } else if (op instanceof RecordingLibc.Write w && name.equals(names.get(w.inode()))) {
                writes.add(w);
            }
        }
        return writes;
    }

    /**
     * The largest batch there is, after a small one that leaves a partial block: the staging buffer
     * holds the tail block and the batch (PIT: a smaller buffer survived every crash test).
     */
    @Test
    void aBatchOfMaxBatchBytesAfterAPartialBlockIsWrittenWhole() throws Exception {
        int largestPayload = 64 * 1024 - Batch.HEADER_BYTES - Batch.RECORD_OVERHEAD;
        byte[] big = new byte[largestPayload];
        new java.util.Random(3).nextBytes(big);
        try (Log log = Log.open(dir, direct())) {
            log.append(new byte[100]);
            log.append(big);
            log.append(new byte[7]);
        }
        try (Log log = Log.open(dir, direct())) {
            List<LogRecord> all = LogTesting.readAll(log, 0);
            assertThat(all).hasSize(3);
            assertThat(all.get(1).payload()).isEqualTo(big);
        }
    }
}
