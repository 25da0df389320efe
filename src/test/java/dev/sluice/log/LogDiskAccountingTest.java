package dev.sluice.log;

import dev.sluice.sys.FileStatus;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a log holds on disk: a sealed or closed segment keeps no preallocation past its end, and
 * retention bounds the blocks the log holds, not only its logical size. st_blocks is the oracle.
 */
class LogDiskAccountingTest {
    private static final long SEGMENT_BYTES = 8L << 20;
    private static final int RECORD_BYTES = 4000;
    /** What a file system may hold beyond the last block of data (metadata, an extent's rounding). */
    private static final long SLACK_BYTES = 256 << 10;

    @TempDir
    Path dir;

    private static LogConfig config(IoMode io) {
        return LogConfig.builder().segmentBytes(SEGMENT_BYTES).maxBatchBytes(64 << 10).durability(Durability.none())
                .ioMode(io).build();
    }

    private static void append(Log log, long bytes) throws IOException {
        byte[] record = new byte[RECORD_BYTES];
        for (long done = 0; done < bytes; done += RECORD_BYTES) {
            log.append(record);
        }
    }

    private static FileStatus status(Path file) throws IOException {
        try (NativeFile f = NativeFile.open(file, EnumSet.of(OpenFlag.READ))) {
            return f.status();
        }
    }

    private static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    private static void assertHoldsNoMoreThanItsData(Path segment) throws IOException {
        FileStatus s = status(segment);
        long dataBlocks = (s.size() + 4095) / 4096 * 4096;
        assertThat(s.allocatedBytes()).as("%s: %d bytes of data, %d allocated", segment.getFileName(), s.size(),
                s.allocatedBytes()).isLessThanOrEqualTo(dataBlocks + SLACK_BYTES);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(IoMode.class)
    void aSealedSegmentAndAClosedOneKeepNoPreallocation(IoMode io) throws IOException {
        try (Log log = Log.open(dir, config(io))) {
            append(log, SEGMENT_BYTES + SEGMENT_BYTES / 3); // one roll, then a third of the next
            List<Path> files = segmentFiles(dir);
            assertThat(files).hasSize(2);
            assertHoldsNoMoreThanItsData(files.getFirst());
        }
        for (Path segment : segmentFiles(dir)) {
            assertHoldsNoMoreThanItsData(segment);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(IoMode.class)
    void aSegmentSealedEarlyByAgeKeepsNoPreallocation(IoMode io) throws Exception {
        LogConfig config = config(io).toBuilder().segmentAge(Duration.ofMillis(50)).build();
        try (Log log = Log.open(dir, config)) {
            append(log, 1 << 20);
            Thread.sleep(100);
            append(log, RECORD_BYTES); // rolls by age
            List<Path> files = segmentFiles(dir);
            assertThat(files).hasSize(2);
            assertHoldsNoMoreThanItsData(files.getFirst());
        }
    }

    /** Segments sealed early (by age) are where a kept preallocation would make retention's bound a fiction. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(IoMode.class)
    void retentionBoundsTheBlocksTheLogHolds(IoMode io) throws Exception {
        long retention = 2L << 20;
        LogConfig config = config(io).toBuilder().segmentAge(Duration.ofMillis(20)).retention(retention, null).build();
        try (Log log = Log.open(dir, config)) {
            for (int i = 0; i < 12; i++) {
                append(log, 512 << 10);
                Thread.sleep(30);
            }
            List<Path> files = segmentFiles(dir);
            long allocated = 0;
            for (Path segment : files) {
                allocated += status(segment).allocatedBytes();
            }
            // the retained sealed segments, plus the active one with its whole preallocation
            assertThat(allocated).as("%d segments", files.size())
                    .isLessThanOrEqualTo(retention + SEGMENT_BYTES + files.size() * SLACK_BYTES);
        }
    }
}
