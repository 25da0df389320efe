package dev.sluice.log;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Log#offsetForTime} in both formats against a brute-force oracle over every record read back:
 * for every timestamp the log holds (and one past each), the first offset whose timestamp reaches it;
 * across segments, after reopening (Kafka's format: from the {@code .timeindex} files), and after
 * retention moved the start.
 */
class LogTimeSeekTest {
    @TempDir
    Path dir;

    private static LogConfig config(LogFormat format) {
        return LogConfig.builder().format(format).segmentBytes(16 * 1024).maxBatchBytes(8 * 1024).indexIntervalBytes(1024)
                .durability(Durability.none()).build();
    }

    private static List<LogRecord> readAll(Log log) throws IOException {
        List<LogRecord> all = new ArrayList<>();
        try (LogReader reader = log.reader(log.startOffset(), ReaderConfig.defaults())) {
            List<LogRecord> got;
            while (!(got = reader.poll(100)).isEmpty()) {
                all.addAll(got);
            }
        }
        return all;
    }

    private static void assertEveryTimeFound(Log log) throws IOException {
        List<LogRecord> records = readAll(log);
        assertThat(records).isNotEmpty();
        long checked = 0;
        for (LogRecord r : records) {
            for (long t : new long[] {r.timestamp(), r.timestamp() + 1, r.timestamp() - 1}) {
                OptionalLong expected = records.stream().filter(x -> x.timestamp() >= t).mapToLong(LogRecord::offset)
                        .findFirst();
                assertThat(log.offsetForTime(t)).as("time %d", t).isEqualTo(expected);
                checked++;
            }
        }
        assertThat(log.offsetForTime(Long.MIN_VALUE)).hasValue(log.startOffset());
        assertThat(log.offsetForTime(records.getLast().timestamp() + 1)).isEmpty();
        assertThat(checked).isGreaterThan(100);
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void findsTheFirstOffsetReachingEachTimeAcrossSegmentsAndAfterReopening(LogFormat format) throws Exception {
        try (Log log = Log.open(dir, config(format))) {
            for (int b = 0; b < 120; b++) {
                List<java.lang.foreign.MemorySegment> batch = new ArrayList<>();
                for (int i = 0; i <= b % 5; i++) {
                    batch.add(java.lang.foreign.MemorySegment.ofArray(new byte[200 + 37 * i]));
                }
                log.appendBatch(batch);
                if (b % 4 == 0) {
                    Thread.sleep(2);
                }
            }
            assertThat(log.segments()).hasSizeGreaterThan(3);
            assertEveryTimeFound(log);
        }
        try (Log log = Log.openReadOnly(dir, LogConfig.defaults())) {
            assertEveryTimeFound(log);
        }
        try (Log log = Log.open(dir, config(format).toBuilder().retention(64 * 1024, null).build())) {
            log.append(new byte[7000]); // a roll, and retention with it
            log.append(new byte[7000]);
            assertThat(log.startOffset()).isPositive();
            assertEveryTimeFound(log);
        }
    }
}
