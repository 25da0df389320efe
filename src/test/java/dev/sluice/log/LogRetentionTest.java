package dev.sluice.log;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.sluice.log.LogTesting.appendRecords;
import static dev.sluice.log.LogTesting.fileNames;
import static dev.sluice.log.LogTesting.indexFile;
import static dev.sluice.log.LogTesting.payload;
import static dev.sluice.log.LogTesting.readAll;
import static dev.sluice.log.LogTesting.segmentFile;
import static dev.sluice.log.LogTesting.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retention deletes whole segments, oldest first, never the active one; the start offset moves
 * up, and reading what was deleted fails clearly instead of skipping records.
 */
@Tag("fs-matrix")
class LogRetentionTest {
    private static final long SEED = 13;
    private static final long RETENTION_BYTES = 200 * 1024;

    @TempDir
    Path dir;

    @Test
    void retentionBySizeDeletesWholeOldestSegments() throws IOException {
        LogConfig config = small().toBuilder().retention(RETENTION_BYTES, null).build();
        Set<Long> deleted = new HashSet<>();
        try (Log log = Log.open(dir, config)) {
            long start = 0;
            for (int i = 0; i < 800; i++) {
                List<Long> before = log.segments().stream().map(SegmentInfo::baseOffset).toList();
                log.append(payload(SEED, i));
                List<SegmentInfo> after = log.segments();
                for (long base : before) {
                    if (after.stream().noneMatch(s -> s.baseOffset() == base)) {
                        deleted.add(base);
                        assertThat(segmentFile(dir, base)).doesNotExist();
                        assertThat(indexFile(dir, base)).doesNotExist();
                    }
                }
                assertThat(after.getLast().active()).isTrue();
                assertThat(after.getLast().lastOffset()).as("the record just appended is kept").isEqualTo(i);
                long sealed = after.stream().filter(s -> !s.active()).mapToLong(SegmentInfo::sizeBytes).sum();
                assertThat(sealed).as("sealed bytes after %d appends", i).isLessThanOrEqualTo(RETENTION_BYTES);
                assertThat(log.startOffset()).isEqualTo(after.getFirst().baseOffset()).isGreaterThanOrEqualTo(start);
                start = log.startOffset();
            }
            assertThat(deleted).hasSizeGreaterThan(5);
            assertThat(log.startOffset()).isGreaterThan(0);
            assertThat(segmentFiles()).as("exactly the log's segments are on disk").containsExactlyElementsOf(
                    log.segments().stream().map(SegmentInfo::name).toList());
            assertKept(log, 800);
            long gone = log.startOffset() - 1;
            assertThatThrownBy(() -> log.reader(gone, ReaderConfig.defaults()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("offset " + gone + " is outside the log [" + log.startOffset());
            assertThatThrownBy(() -> log.reader(0, ReaderConfig.defaults())).isInstanceOf(IllegalArgumentException.class);
        }
        try (Log log = Log.open(dir, config)) {
            assertThat(log.startOffset()).isGreaterThan(0);
            assertKept(log, 800);
            assertThat(log.append(new byte[3])).isEqualTo(800);
        }
    }

    @ParameterizedTest(name = "by {0}")
    @ValueSource(strings = {"size", "age"})
    void theActiveSegmentIsNeverDeletedEvenWhenItAloneIsOverTheLimit(String limit) throws Exception {
        // one byte, or one millisecond: every sealed segment goes at each roll, and so would the new
        // active one (empty, so with no timestamp at all) if retention did not spare it
        LogConfig config = small().toBuilder()
                .retention(limit.equals("size") ? 1 : 0, limit.equals("age") ? Duration.ofMillis(1) : null).build();
        try (Log log = Log.open(dir, config)) {
            for (int i = 0; i < 300; i++) {
                log.append(payload(SEED, i));
                SegmentInfo active = log.segments().getLast();
                assertThat(active.active()).isTrue();
                assertThat(active.lastOffset()).isEqualTo(i);
                assertThat(segmentFile(dir, active.baseOffset())).exists();
                assertThat(readAll(log, log.startOffset()).getLast().offset()).isEqualTo(i);
                if (limit.equals("size")) {
                    assertThat(log.segments()).hasSize(1);
                } else if (i % 10 == 0) {
                    Thread.sleep(2);
                }
            }
            assertThat(log.startOffset()).isGreaterThan(200);
            assertThat(segmentFiles()).contains(SegmentNames.log(log.segments().getLast().baseOffset()));
        }
    }

    @Test
    void retentionByAgeDeletesSegmentsWhoseNewestRecordIsTooOld() throws Exception {
        LogConfig config = small().toBuilder().retention(0, Duration.ofMillis(300)).build();
        try (Log log = Log.open(dir, config)) {
            appendRecords(log, SEED, 150);
            // fill the active segment so that the next 12 KB record starts a new one
            while (log.segments().getLast().sizeBytes() + 12_048 <= LogTesting.SEGMENT_BYTES) {
                log.append(new byte[500]);
            }
            int oldSegments = log.segments().size();
            assertThat(oldSegments).isGreaterThan(3);
            Thread.sleep(400);
            long offset = log.append(new byte[12_000]); // rolls: every sealed segment is now too old
            assertThat(log.segments()).hasSize(1);
            assertThat(log.startOffset()).isEqualTo(offset);
            assertThat(segmentFiles()).containsExactly(SegmentNames.log(offset));
            assertThat(fileNames(dir)).noneMatch(n -> n.endsWith(".index"));
            // young segments stay
            appendRecords(log, SEED, 100);
            assertThat(log.segments().size()).isGreaterThan(1);
            assertThat(log.startOffset()).isEqualTo(offset);
            assertThat(readAll(log, offset)).hasSize((int) (log.endOffset() - offset));
        }
    }

    @Test
    void aReaderLeftBehindByRetentionFailsClearlyInsteadOfSkippingRecords() throws IOException {
        LogConfig config = small().toBuilder().retention(RETENTION_BYTES, null).build();
        try (Log log = Log.open(dir, config)) {
            appendRecords(log, SEED, 30);
            try (LogReader reader = log.reader(0, ReaderConfig.defaults())) {
                List<LogRecord> got = new ArrayList<>(reader.poll(1)); // the reader holds the first segment open
                appendRecords(log, SEED, 800 - 30); // retention deletes the first segments meanwhile
                assertThat(log.startOffset()).isGreaterThan(100);
                IOException failure = null;
                try {
                    List<LogRecord> more;
                    while (!(more = reader.poll(50)).isEmpty()) {
                        got.addAll(more);
                    }
                } catch (IOException e) {
                    failure = e;
                }
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i).offset()).as("no offset skipped").isEqualTo(i);
                    assertThat(got.get(i).payload()).isEqualTo(payload(SEED, i));
                }
                assertThat(failure).as("reading on past deleted offsets").isNotNull();
                assertThat(failure.getMessage()).contains("retention").contains(String.valueOf(got.size()));
                // seeking to the start recovers the reader
                reader.seek(log.startOffset());
                assertThat(reader.poll(1).getFirst().offset()).isEqualTo(log.startOffset());
            }
        }
    }

    private List<String> segmentFiles() throws IOException {
        return fileNames(dir).stream().filter(n -> n.endsWith(".log")).toList();
    }

    private static void assertKept(Log log, int end) throws IOException {
        List<LogRecord> kept = readAll(log, log.startOffset());
        assertThat(kept).hasSize((int) (end - log.startOffset()));
        for (LogRecord r : kept) {
            assertThat(r.payload()).as("record %d", r.offset()).isEqualTo(payload(SEED, r.offset()));
        }
        assertThat(Files.exists(segmentFile(log.path(), log.startOffset()))).isTrue();
    }
}
