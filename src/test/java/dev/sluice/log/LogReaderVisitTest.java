package dev.sluice.log;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.sluice.log.LogTesting.appendRecords;
import static dev.sluice.log.LogTesting.flipByte;
import static dev.sluice.log.LogTesting.segmentFile;
import static dev.sluice.log.LogTesting.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LogReader#read(int, RecordVisitor)}: the zero-copy way to read, against what was appended. */
@Tag("fs-matrix")
class LogReaderVisitTest {
    private static final long SEED = 23;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ReadAhead.Kind.class)
    void visitsEveryRecordInOrderAcrossSegments(ReadAhead.Kind kind) throws IOException {
        ReadAhead policy = kind == ReadAhead.Kind.EXPLICIT ? ReadAhead.explicit(DataSize.kib(64)) : new ReadAhead(kind, 0);
        try (Log log = Log.open(dir, small())) {
            List<byte[]> appended = appendRecords(log, SEED, 500);
            assertThat(log.segments()).hasSizeGreaterThan(2);
            List<byte[]> seen = new ArrayList<>();
            List<Long> offsets = new ArrayList<>();
            try (LogReader reader = log.reader(0, new ReaderConfig(policy, CacheHint.KEEP))) {
                int n;
                while ((n = reader.read(7, (offset, timestamp, payload) -> {
                    offsets.add(offset);
                    seen.add(payload.toArray(ValueLayout.JAVA_BYTE));
                })) > 0) {
                    assertThat(n).isLessThanOrEqualTo(7);
                }
                assertThat(reader.nextOffset()).isEqualTo(500);
            }
            assertThat(offsets).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 500).boxed().toList());
            assertThat(seen).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(appended);
        }
    }

    @Test
    void payloadsAreReadOnlyViews() throws IOException {
        try (Log log = Log.open(dir, small())) {
            appendRecords(log, SEED, 3);
            try (LogReader reader = log.reader(0, ReaderConfig.defaults())) {
                assertThatThrownBy(() -> reader.read(1, (offset, timestamp, payload) -> payload.set(ValueLayout.JAVA_BYTE, 0, (byte) 1)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only");
            }
        }
    }

    @Test
    void aVisitorThatThrowsResumesAtTheRecordItThrewOn() throws IOException {
        try (Log log = Log.open(dir, small())) {
            appendRecords(log, SEED, 20);
            try (LogReader reader = log.reader(0, ReaderConfig.defaults())) {
                List<Long> seen = new ArrayList<>();
                assertThatThrownBy(() -> reader.read(20, (offset, timestamp, payload) -> {
                    if (offset == 5) {
                        throw new IOException("consumer failed at 5");
                    }
                    seen.add(offset);
                })).hasMessage("consumer failed at 5");
                assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L);
                assertThat(reader.nextOffset()).isEqualTo(5);
                reader.read(20, (offset, timestamp, payload) -> seen.add(offset));
                assertThat(seen).hasSize(20).endsWith(19L).contains(5L);
            }
        }
    }

    @Test
    void aCorruptBatchIsReportedBeforeAnyOfItsRecordsIsVisited() throws IOException {
        try (Log log = Log.open(dir, small())) {
            appendRecords(log, SEED, 1);
            log.flush();
            flipByte(segmentFile(dir, 0), Batch.HEADER_BYTES + 10);
            List<Long> seen = new ArrayList<>();
            try (LogReader reader = log.reader(0, ReaderConfig.defaults())) {
                assertThatThrownBy(() -> reader.read(10, (offset, timestamp, payload) -> seen.add(offset)))
                        .isInstanceOf(CorruptLogException.class);
            }
            assertThat(seen).isEmpty();
        }
    }
}
