package dev.sluice.cli;

import dev.sluice.cache.PageCache;
import dev.sluice.cache.Progress;
import dev.sluice.log.Durability;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogFormat;
import dev.sluice.testing.Fincore;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code log warm} and {@code log evict} move exactly the batches of an offset range in or out of the
 * page cache, on either format, with util-linux fincore as the oracle of what is resident and, for
 * Kafka's format, kafka-clients' FileRecords as the oracle of where the batches are.
 */
@Timeout(120)
class LogWarmEvictTest {
    private static final int PAGE = 4096;
    private static final int RECORD = 1000;
    private static final int BATCH = 16;
    /** 1 MiB segments hold 64 batches of 16 records of 1000 bytes, in either format: 1024 offsets each. */
    private static final int OFFSETS_PER_SEGMENT = 1024;
    private static final long FROM = 1100;
    private static final long TO = 2300; // exclusive: 1100..2299, in segments 1 and 2 of 0..3

    @TempDir
    Path dir;

    private Path gen(LogFormat format) throws IOException {
        Path log = dir.resolve(format.name().toLowerCase(Locale.ROOT));
        CliRun gen = CliRun.of("log", "gen", "--dir", log.toString(), "--format", format.name().toLowerCase(Locale.ROOT),
                "--bytes", "4000000", "--record-size", Integer.toString(RECORD), "--batch", Integer.toString(BATCH),
                "--segment-size", "1m", "--durability", "none");
        assertThat(gen.exit()).as(gen.err()).isZero();
        assertThat(LogKafkaFormatCommandTest.files(log, ".log")).hasSize(4);
        return log;
    }

    /** A segment's part of the range, as the table prints it. */
    private record Row(String segment, long first, long last, long position, long bytes) {
        long firstPage() {
            return position / PAGE;
        }

        long pages() {
            return (position + bytes + PAGE - 1) / PAGE - firstPage();
        }
    }

    /**
     * The rows the range must give: whole batches of 16 from the batch holding FROM to the one holding
     * TO - 1, each batch {@link GenBatchSize} bytes; for Kafka's format, the positions are also read
     * from kafka-clients' FileRecords.
     */
    private static List<Row> expectedRows(Path log, LogFormat format) throws IOException {
        long batchBytes = GenBatchSize.of(format, BATCH, RECORD);
        long firstBatch = FROM / BATCH * BATCH;
        long lastBatchEnd = (TO - 1) / BATCH * BATCH + BATCH;
        List<Row> rows = new ArrayList<>();
        for (long base = 0; base < lastBatchEnd; base += OFFSETS_PER_SEGMENT) {
            long first = Math.max(base, firstBatch);
            long next = Math.min(base + OFFSETS_PER_SEGMENT, lastBatchEnd);
            if (first >= next) {
                continue;
            }
            String name = String.format("%020d.log", base);
            Row row = new Row(name, first, next - 1, (first - base) / BATCH * batchBytes, (next - first) / BATCH * batchBytes);
            if (format == LogFormat.KAFKA) {
                assertThat(kafkaRow(log.resolve(name), first, next)).isEqualTo(row);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Row kafkaRow(Path segment, long first, long next) throws IOException {
        long position = -1;
        long end = -1;
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
            for (FileChannelRecordBatch batch : records.batches()) {
                if (batch.baseOffset() == first) {
                    position = batch.position();
                }
                if (batch.nextOffset() == next) {
                    end = batch.position() + batch.sizeInBytes();
                }
            }
        }
        return new Row(segment.getFileName().toString(), first, next - 1, position, end - position);
    }

    private static List<Row> printedRows(String out) {
        List<Row> rows = new ArrayList<>();
        for (String line : out.lines().toList()) {
            if (line.matches("\\d{20}\\.log .*")) {
                String[] f = line.split("\\s+");
                String[] offsets = f[1].split("-");
                rows.add(new Row(f[0], Long.parseLong(offsets[0]), Long.parseLong(offsets[1]), Long.parseLong(f[2]),
                        Long.parseLong(f[3])));
            }
        }
        return rows;
    }

    private static long pagesOf(Path file) throws IOException {
        return (Files.size(file) + PAGE - 1) / PAGE;
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void warmBringsInTheRangesBatchesBesideARunningWriter(LogFormat format) throws Exception {
        Path log = gen(format);
        List<Row> expected = expectedRows(log, format);
        List<Path> segments = LogKafkaFormatCommandTest.files(log, ".log");
        for (Path segment : segments) {
            PageCache.evict(segment, 0, 0, Progress.NONE);
        }
        CliRun warm;
        try (Log writer = Log.open(log, LogConfig.builder().durability(Durability.none()).build())) {
            assertThat(writer.config().format()).isEqualTo(format);
            warm = CliRun.of("log", "warm", "--dir", log.toString(), "--from", Long.toString(FROM), "--to",
                    Long.toString(TO));
        }
        assertThat(warm.exit()).as(warm.err()).isZero();
        assertThat(printedRows(warm.out())).isEqualTo(expected);
        for (Row row : expected) {
            Path file = log.resolve(row.segment());
            assertThat(warm.out()).contains(row.segment() + " ").containsPattern(
                    row.segment() + " .* " + row.pages() + "/" + row.pages() + " pages \\(100\\.0%\\)\n");
            assertThat(Fincore.residentBytes(file)).as("fincore: every page of the range in " + row.segment())
                    .isGreaterThanOrEqualTo(row.pages() * PAGE);
        }
        Path untouched = segments.getFirst(); // not the active one, which the writer's open reads through
        assertThat(Fincore.residentBytes(untouched)).as("the sealed segment before the range stays cold")
                .isLessThan(pagesOf(untouched) * PAGE / 2);
        long pages = expected.stream().mapToLong(Row::pages).sum();
        long bytes = expected.stream().mapToLong(Row::bytes).sum();
        assertThat(warm.out().lines().toList().getLast()).matches("warmed offsets 1100 to 2299 \\(whole batches 1088 to "
                + "2303\\): 2 segments, " + bytes + " bytes \\(.*\\), " + pages + " pages: \\d+ cached before \\(.*%\\), "
                + pages + " after \\(100\\.0%\\), by (cachestat|mincore)");
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void evictDropsTheRangesBatchesAndNothingElse(LogFormat format) throws Exception {
        Path log = gen(format);
        List<Row> expected = expectedRows(log, format);
        List<Path> segments = LogKafkaFormatCommandTest.files(log, ".log");
        for (Path segment : segments) {
            PageCache.warm(segment, 0, 0, Progress.NONE);
            assertThat(Fincore.residentBytes(segment)).isEqualTo(pagesOf(segment) * PAGE);
        }
        CliRun evict = CliRun.of("log", "evict", "--dir", log.toString(), "--from", Long.toString(FROM), "--to",
                Long.toString(TO));
        assertThat(evict.exit()).as(evict.err()).isZero();
        assertThat(printedRows(evict.out())).isEqualTo(expected);
        for (Row row : expected) {
            Path file = log.resolve(row.segment());
            assertThat(evict.out()).containsPattern(row.segment() + " .* " + row.pages() + "/" + row.pages()
                    + " pages \\(100\\.0%\\) ");
            long slack = 4L * PAGE; // a page the kernel holds while it is being read, as the command's note says
            assertThat(Fincore.residentBytes(file)).as("fincore: the range's pages dropped from " + row.segment())
                    .isLessThanOrEqualTo((pagesOf(file) - row.pages()) * PAGE + slack);
        }
        for (Path outside : List.of(segments.getFirst(), segments.getLast())) {
            // a few pages may go the kernel's own way meanwhile (seen once: 3 of 254)
            assertThat(Fincore.residentBytes(outside)).as("fincore: " + outside.getFileName() + " is outside the range")
                    .isGreaterThanOrEqualTo((pagesOf(outside) - 4) * PAGE);
        }
        assertThat(evict.out().lines().toList().getLast()).startsWith("evicted offsets 1100 to 2299 (whole batches 1088 "
                + "to 2303): 2 segments, ");
    }

    @Test
    void warmingOneBatchBringsInThatBatchNotAReadAheadWindowAroundIt() throws Exception {
        Path log = dir.resolve("big-0");
        CliRun gen = CliRun.of("log", "gen", "--dir", log.toString(), "--format", "kafka", "--bytes", "20m",
                "--record-size", "1k", "--batch", "64", "--segment-size", "16m", "--durability", "none");
        assertThat(gen.exit()).as(gen.err()).isZero();
        Path segment = log.resolve("00000000000000000000.log");
        PageCache.evict(segment, 0, 0, Progress.NONE);
        // from a segment's start: the log's open reads the first batch header there, and the kernel's
        // read-ahead marks a page for more
        CliRun warm = CliRun.of("log", "warm", "--dir", log.toString(), "--from", "0", "--to", "1");
        assertThat(warm.exit()).as(warm.err()).isZero();
        Row row = printedRows(warm.out()).getFirst();
        assertThat(row.bytes()).isEqualTo(GenBatchSize.of(LogFormat.KAFKA, 64, 1024));
        // the batch's 17 pages and what the log's open and index look-up read (a few headers), not the
        // read-ahead window a fault on a mapping reads around itself (8 MiB on this disk)
        assertThat(Fincore.residentBytes(segment)).as("fincore: a 65 KiB batch of a 16 MiB segment")
                .isGreaterThanOrEqualTo(row.pages() * PAGE).isLessThan(1L << 20);
    }

    @Test
    void toIsExclusiveAndDefaultsToTheLogsEnd() throws IOException {
        Path log = gen(LogFormat.KAFKA);
        CliRun one = CliRun.of("log", "warm", "--dir", log.toString(), "--from", "16", "--to", "17");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(printedRows(one.out())).extracting(Row::first, Row::last).containsExactly(
                org.assertj.core.groups.Tuple.tuple(16L, 31L));
        assertThat(one.out().lines().toList().getLast()).startsWith("warmed offsets 16 to 16 (whole batches 16 to 31): ");
        CliRun rest = CliRun.of("log", "evict", "--dir", log.toString(), "--from", "3900");
        assertThat(rest.exit()).as(rest.err()).isZero();
        assertThat(rest.out().lines().toList().getLast()).startsWith("evicted offsets 3900 to 3999 (whole batches 3888 "
                + "to 3999): 1 segment, ");
    }

    @Test
    void rangesOutsideTheLogAndBadFlags() throws IOException {
        Path log = gen(LogFormat.SLUICE);
        for (String command : List.of("warm", "evict")) {
            CliRun atEnd = CliRun.of("log", command, "--dir", log.toString(), "--from", "4000");
            assertThat(atEnd.exit()).as(atEnd.err()).isZero();
            assertThat(atEnd.out()).isEqualTo("nothing to " + command + ": no record in offsets [4000, 4000) of the log "
                    + "[0, 4000)\n");
            CliRun empty = CliRun.of("log", command, "--dir", log.toString(), "--from", "10", "--to", "10");
            assertThat(empty.out()).startsWith("nothing to " + command + ": no record in offsets [10, 10)");
            CliRun past = CliRun.of("log", command, "--dir", log.toString(), "--from", "4001");
            assertThat(past.exit()).isEqualTo(1);
            assertThat(past.err()).isEqualTo("sluice: --from 4001 is outside the log [0, 4000]\n");
            CliRun backwards = CliRun.of("log", command, "--dir", log.toString(), "--from", "10", "--to", "5");
            assertThat(backwards.exit()).isEqualTo(2);
            assertThat(backwards.err()).startsWith("sluice: --to 5 is before --from 10 (--to is exclusive");
            for (List<String> bad : List.<List<String>>of(List.of(), List.of("--from", "-1"), List.of("--from", "x"),
                    List.of("--from", "1", "--to", "y"))) {
                List<String> args = new ArrayList<>(List.of("log", command, "--dir", log.toString()));
                args.addAll(bad);
                CliRun run = CliRun.of(args.toArray(String[]::new));
                assertThat(run.exit()).as(bad.toString()).isEqualTo(2);
                assertThat(run.err().strip().lines()).hasSize(1);
            }
            CliRun missing = CliRun.of("log", command, "--dir", dir.resolve("missing").toString(), "--from", "0");
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("no such log directory");
        }
    }

    @Test
    void helpSaysToIsExclusive() {
        for (String command : List.of("warm", "evict")) {
            CliRun help = CliRun.of("log", command, "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("--from=N").contains("--to=N").contains("exclusive").contains("read-only");
        }
    }
}
