package dev.sluice.log;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

import static dev.sluice.log.LogTesting.small;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader on the mmap path that tails the active segment maps only what the writer appended since
 * its last read, not the whole segment again at every poll (which made each poll cost the segment's
 * size in mapping and MAP_POPULATE).
 */
@Tag("fs-matrix")
class LogReaderMmapTailTest {
    private static final int RECORD_BYTES = 1000;
    private static final int POLLS = 50;

    @TempDir
    Path dir;

    @Test
    void aTailingMmapReaderMapsOnlyWhatWasAppendedSinceItsLastPoll() throws IOException {
        LogConfig config = small().toBuilder().segmentBytes(8L << 20).build();
        long batchBytes = Batch.encodedSize(List.of(MemorySegment.ofArray(new byte[RECORD_BYTES])));
        try (Log log = Log.open(dir, config)) {
            for (int i = 0; i < 2000; i++) { // about 2 MiB in the active segment before the reader tails it
                log.append(new byte[RECORD_BYTES]);
            }
            try (LogReader reader = log.reader(0, new ReaderConfig(ReadAhead.mmapPopulate(), CacheHint.KEEP))) {
                MappedSource source = (MappedSource) reader.source();
                while (!reader.poll(500).isEmpty()) {
                    // catch up with the writer
                }
                long caughtUpMappings = source.mappings();
                long caughtUpBytes = source.mappedBytes();
                assertThat(caughtUpBytes).as("catching up maps the segment about once")
                        .isLessThan(2 * 2000 * batchBytes);
                for (int i = 0; i < POLLS; i++) {
                    long offset = log.append(new byte[RECORD_BYTES]);
                    List<LogRecord> got = reader.poll(10);
                    assertThat(got).singleElement().extracting(LogRecord::offset).isEqualTo(offset);
                }
                assertThat(log.segments()).as("no roll: the reader tailed one active segment").hasSize(1);
                assertThat(source.mappings() - caughtUpMappings).as("one mapping per poll that found a new batch")
                        .isEqualTo(POLLS);
                // each of those mappings covers the new batch (and the page it starts in), never the segment
                assertThat(source.mappedBytes() - caughtUpBytes).isLessThanOrEqualTo(POLLS * batchBytes);
            }
        }
    }

    @Test
    void aSeekBackWithinTheSegmentIsStillReadThroughTheMapping() throws IOException {
        try (Log log = Log.open(dir, small().toBuilder().segmentBytes(8L << 20).build())) {
            for (int i = 0; i < 100; i++) {
                log.append(new byte[RECORD_BYTES]);
            }
            try (LogReader reader = log.reader(90, new ReaderConfig(ReadAhead.mmapPopulate(), CacheHint.KEEP))) {
                assertThat(reader.poll(100)).hasSize(10);
                reader.seek(5);
                List<LogRecord> again = reader.poll(1000);
                assertThat(again).hasSize(95);
                assertThat(again.getFirst().offset()).isEqualTo(5);
                assertThat(again.getLast().offset()).isEqualTo(99);
            }
        }
    }
}
