package dev.sluice.log;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.sluice.log.LogTesting.flipByte;
import static dev.sluice.log.LogTesting.segmentFile;
import static dev.sluice.log.LogTesting.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A read that meets damage or a retention gap after it has read records delivers those records,
 * and the next read raises what stopped it. (poll used to decode the records before a corrupt batch,
 * move the cursor past them, and lose them in the exception.)
 */
@Tag("fs-matrix")
class LogReaderPrefixTest {
    private static final int RECORD_BYTES = 1000;

    @TempDir
    Path dir;

    private static ReaderConfig path(String name) {
        return switch (name) {
            case "pread" -> ReaderConfig.defaults();
            case "uncached" -> new ReaderConfig(ReadAhead.kernelDefault(), CacheHint.UNCACHED);
            case "mmap" -> new ReaderConfig(ReadAhead.mmapPopulate(), CacheHint.KEEP);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static List<Long> offsets(List<LogRecord> records) {
        return records.stream().map(LogRecord::offset).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pread", "uncached", "mmap"})
    void aPollDeliversTheRecordsBeforeACorruptBatchAndTheNextPollRaisesIt(String readPath) throws IOException {
        try (Log log = Log.open(dir, small())) {
            for (int i = 0; i < 10; i++) {
                log.append(new byte[RECORD_BYTES]);
            }
            log.flush();
            long batchBytes = Batch.encodedSize(List.of(MemorySegment.ofArray(new byte[RECORD_BYTES])));
            flipByte(segmentFile(dir, 0), 6 * batchBytes + Batch.HEADER_BYTES + 10); // a payload byte of record 6
            try (LogReader reader = log.reader(0, path(readPath))) {
                assertThat(offsets(reader.poll(100))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
                assertThat(reader.nextOffset()).isEqualTo(6);
                assertThatThrownBy(() -> reader.poll(100)).isInstanceOf(CorruptLogException.class)
                        .hasMessageContaining("CRC");
                // the damage stays where it is: asked again, the reader says so again, and delivers nothing
                assertThatThrownBy(() -> reader.poll(100)).isInstanceOf(CorruptLogException.class);
                assertThat(reader.nextOffset()).isEqualTo(6);
            }
        }
    }

    @Test
    void aVisitorGetsTheRecordsBeforeACorruptBatchAndTheirCount() throws IOException {
        try (Log log = Log.open(dir, small())) {
            for (int i = 0; i < 10; i++) {
                log.append(new byte[RECORD_BYTES]);
            }
            log.flush();
            long batchBytes = Batch.encodedSize(List.of(MemorySegment.ofArray(new byte[RECORD_BYTES])));
            flipByte(segmentFile(dir, 0), 3 * batchBytes + Batch.HEADER_BYTES + 10);
            try (LogReader reader = log.reader(0, ReaderConfig.defaults())) {
                List<Long> seen = new ArrayList<>();
                assertThat(reader.read(100, (offset, timestamp, payload) -> seen.add(offset))).isEqualTo(3);
                assertThat(seen).containsExactly(0L, 1L, 2L);
                assertThatThrownBy(() -> reader.read(100, (offset, timestamp, payload) -> seen.add(offset)))
                        .isInstanceOf(CorruptLogException.class);
                assertThat(seen).containsExactly(0L, 1L, 2L);
            }
        }
    }

    @Test
    void aPollDeliversTheRestOfASegmentBeforeTheGapRetentionLeftAfterIt() throws IOException {
        LogConfig config = small().toBuilder().retention(3 * LogTesting.SEGMENT_BYTES, null).build();
        try (Log log = Log.open(dir, config)) {
            for (int i = 0; i < 30; i++) {
                log.append(new byte[RECORD_BYTES]);
            }
            try (LogReader reader = log.reader(0, ReaderConfig.defaults())) {
                assertThat(offsets(reader.poll(1))).containsExactly(0L); // the reader holds the first segment open
                Segment first = log.openSegments().getFirst();
                for (int i = 0; i < 800; i++) { // retention deletes the first segments meanwhile
                    log.append(new byte[RECORD_BYTES]);
                }
                assertThat(first.isSealed()).isTrue();
                long firstSegmentEnd = first.nextOffset();
                assertThat(log.startOffset()).isGreaterThan(2 * firstSegmentEnd);
                List<LogRecord> rest = reader.poll(10_000);
                assertThat(offsets(rest)).hasSize((int) firstSegmentEnd - 1).startsWith(1L).endsWith(firstSegmentEnd - 1);
                assertThatThrownBy(() -> reader.poll(10_000)).hasMessageContaining("deleted by retention")
                        .hasMessageContaining("offsets " + firstSegmentEnd + " to ");
                reader.seek(log.startOffset());
                assertThat(reader.poll(1).getFirst().offset()).isEqualTo(log.startOffset());
            }
        }
    }
}
