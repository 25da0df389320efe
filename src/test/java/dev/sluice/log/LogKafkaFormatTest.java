package dev.sluice.log;

import dev.sluice.log.kafka.KafkaFiles;
import dev.sluice.sys.ChannelFds;
import dev.sluice.log.kafka.KafkaClientsRecords;
import dev.sluice.log.kafka.KafkaDumpTool;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A log in Kafka's format, written through {@link Log}: Kafka's files, records with keys and headers
 * read back by sluice and by kafka-clients' own record classes, the format recognised at the next
 * open without being asked for, and Kafka's own {@code DumpLogSegments} finding every batch valid
 * and no index mismatch.
 */
class LogKafkaFormatTest {
    @TempDir
    Path dir;

    private static LogConfig kafka() {
        return LogConfig.builder().format(LogFormat.KAFKA).segmentBytes(64 * 1024).maxBatchBytes(16 * 1024)
                .indexIntervalBytes(4096).durability(Durability.none()).build();
    }

    /** Appends random batches: keys (some null), payloads (some null), headers; returns what a reader must see. */
    private static List<LogRecord> appendRandom(Log log, Random random, int batches) throws IOException {
        List<LogRecord> expected = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            int count = 1 + random.nextInt(8);
            List<NewRecord> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] key = random.nextInt(5) == 0 ? null : ("key-" + b + "-" + i).getBytes(StandardCharsets.UTF_8);
                byte[] payload = random.nextInt(20) == 0 ? null : new byte[random.nextInt(900)];
                if (payload != null) {
                    random.nextBytes(payload);
                }
                List<RecordHeader> headers = random.nextInt(3) == 0
                        ? List.of(new RecordHeader("trace", new byte[] {(byte) b}), new RecordHeader("none", null))
                        : List.of();
                records.add(new NewRecord(key, payload, headers));
            }
            long base = log.appendRecords(records);
            for (int i = 0; i < count; i++) {
                NewRecord r = records.get(i);
                expected.add(new LogRecord(base + i, 0, r.key(), r.payload(), r.headers()));
            }
        }
        return expected;
    }

    /** Timestamps are the append's; compare everything else. */
    private static void assertSameRecords(List<LogRecord> actual, List<LogRecord> expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            LogRecord a = actual.get(i);
            LogRecord e = expected.get(i);
            assertThat(new LogRecord(a.offset(), 0, a.key(), a.payload(), a.headers())).as("record %d", i).isEqualTo(e);
            assertThat(a.timestamp()).isPositive();
        }
    }

    private static List<LogRecord> readAll(Log log) throws IOException {
        List<LogRecord> all = new ArrayList<>();
        try (LogReader reader = log.reader(log.startOffset(), ReaderConfig.defaults())) {
            List<LogRecord> got;
            while (!(got = reader.poll(37)).isEmpty()) {
                all.addAll(got);
            }
        }
        return all;
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void recordsWithKeysAndHeadersRoundTripAcrossSegmentsAndTheFormatIsRecognisedAtTheNextOpen() throws IOException {
        List<LogRecord> expected;
        try (Log log = Log.open(dir, kafka())) {
            expected = appendRandom(log, new Random(13), 400);
            assertSameRecords(readAll(log), expected);
        }
        assertThat(files(".log")).hasSizeGreaterThan(3);
        assertThat(files(".timeindex")).hasSameSizeAs(files(".log"));
        assertThat(files(".index")).hasSameSizeAs(files(".log"));
        try (Log log = Log.open(dir, LogConfig.builder().segmentBytes(64 * 1024).maxBatchBytes(16 * 1024).build())) {
            assertThat(log.config().format()).isEqualTo(LogFormat.KAFKA);
            long next = log.append("k".getBytes(), "after reopen".getBytes(), List.of());
            expected = new ArrayList<>(expected);
            expected.add(new LogRecord(next, 0, "k".getBytes(), "after reopen".getBytes(), List.of()));
        }
        try (Log log = Log.openReadOnly(dir, LogConfig.defaults())) {
            assertThat(log.config().format()).isEqualTo(LogFormat.KAFKA);
            assertSameRecords(readAll(log), expected);
            for (long offset : new long[] {0, 1, 777, expected.size() - 1}) {
                try (LogReader reader = log.reader(offset, ReaderConfig.defaults())) {
                    assertThat(reader.poll(1).getFirst().offset()).isEqualTo(offset);
                }
            }
        }
    }

    @Test
    void kafkaClientsReadsEveryRecordSluiceWrote() throws IOException {
        List<LogRecord> expected;
        try (Log log = Log.open(dir, kafka())) {
            expected = appendRandom(log, new Random(7), 300);
        }
        List<LogRecord> read = new ArrayList<>();
        for (Path segment : files(".log")) {
            read.addAll(KafkaClientsRecords.read(segment, batch -> {
                assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_VALUE_V2);
                assertThat(batch.producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
            }));
        }
        assertSameRecords(read, expected);
    }

    @Test
    void aBatchAsLargeAsABrokerAcceptsByDefaultIsReadWithTheDefaults() throws IOException {
        assertThat(LogConfig.builder().format(LogFormat.KAFKA).build().maxBatchBytes()).isEqualTo(1048588);
        assertThat(LogConfig.defaults().maxBatchBytes()).isEqualTo(1 << 20);
        try (Log log = Log.open(dir, LogConfig.builder().format(LogFormat.KAFKA).build())) {
            // one record whose batch is exactly message.max.bytes: 61 header bytes, the record's own framing
            log.append(null, new byte[1048588 - 61 - 11], List.of());
            assertThat(log.segments().getFirst().sizeBytes()).isEqualTo(1048588);
        }
        try (Log log = Log.openReadOnly(dir, LogConfig.defaults());
             LogReader reader = log.reader(0, ReaderConfig.defaults())) {
            assertThat(log.config().maxBatchBytes()).isEqualTo(1048588);
            assertThat(reader.poll(1).getFirst().payload()).hasSize(1048588 - 61 - 11);
        }
    }

    /** No index files, no clean-shutdown marker, a first batch larger than a page: recognised by its CRC all the same. */
    @Test
    void aCrashedKafkaLogWithALargeFirstBatchIsRecognisedFromTheBatchAlone() throws IOException {
        try (Log log = Log.open(dir, kafka())) {
            log.append(null, new byte[12_000], List.of());
            log.append(null, "second".getBytes(), List.of());
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().endsWith(".log")) {
                    Files.delete(f);
                }
            }
        }
        try (Log log = Log.open(dir, LogConfig.builder().maxBatchBytes(16 * 1024).build())) {
            assertThat(log.config().format()).isEqualTo(LogFormat.KAFKA);
            assertThat(log.endOffset()).isEqualTo(2);
        }
    }

    @Test
    void sluicesOwnFormatRefusesKeysAndHeaders() throws IOException {
        try (Log log = Log.open(dir, LogConfig.defaults())) {
            assertThatThrownBy(() -> log.append("k".getBytes(), "v".getBytes(), List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LogFormat.KAFKA");
            assertThatThrownBy(() -> log.append(null, "v".getBytes(), List.of(new RecordHeader("h", null))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(log.append(null, "plain".getBytes(), List.of())).isZero();
        }
    }

    @Test
    void transferToSendsWholeKafkaBatches() throws IOException {
        try (Log log = Log.open(dir, kafka())) {
            appendRandom(log, new Random(3), 50);
            byte[] first = Files.readAllBytes(files(".log").getFirst());
            Path sentFile = Files.createDirectory(dir.resolve("sent")).resolve(KafkaFiles.log(0));
            try (LogReader reader = log.reader(0, ReaderConfig.defaults());
                 FileChannel target = FileChannel.open(sentFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                LogTransfer sent = reader.transferTo(ChannelFds.of(target), 0, 3000);
                assertThat(sent.bytes()).isPositive();
                byte[] got = Files.readAllBytes(sentFile);
                assertThat(got).hasSize((int) sent.bytes()).isEqualTo(Arrays.copyOf(first, got.length));
                try (FileRecords whole = FileRecords.open(sentFile.toFile(), false)) {
                    long last = -1;
                    for (RecordBatch b : whole.batches()) {
                        b.ensureValid();
                        last = b.lastOffset();
                    }
                    assertThat(sent.nextOffset()).isEqualTo(last + 1);
                }
            }
        }
    }

    @Test
    void kafkasDumpLogSegmentsFindsEveryBatchValidAndNoIndexMismatch() throws Exception {
        int records;
        try (Log log = Log.open(dir, kafka())) {
            records = appendRandom(log, new Random(21), 300).size();
        }
        String logs = String.join(",", files(".log").stream().map(Path::toString).toList());
        String deep = run("--deep-iteration", "--files", logs);
        long batches = deep.lines().filter(l -> l.startsWith("baseOffset:")).count();
        assertThat(deep.lines().filter(l -> l.startsWith("baseOffset:") && !l.endsWith("isvalid: true"))).isEmpty();
        assertThat(batches).isEqualTo(300);
        assertThat(deep.lines().filter(l -> l.startsWith("| offset:")).count()).isEqualTo(records);
        String indexes = String.join(",", Stream.concat(files(".index").stream(), files(".timeindex").stream())
                .map(Path::toString).toList());
        String sanity = run("--index-sanity-check", "--files", indexes);
        assertThat(sanity.lines().filter(l -> l.endsWith("passed sanity check.")).count())
                .isEqualTo(files(".index").size() + files(".timeindex").size());
        String dumped = run("--files", indexes);
        assertThat(dumped).doesNotContain("Mismatches").doesNotContain("mismatch").doesNotContain("not found");
        System.out.printf("DumpLogSegments on a Log-written Kafka partition: %d batches, %d records, %d segments, all "
                + "isvalid: true; index sanity check passed, no mismatch%n", batches, records, files(".log").size());
    }

    /** Kafka's tool in a child JVM: its stdout, after checking it exited 0 with nothing on stderr but its offset quirk. */
    private String run(String... args) throws Exception {
        KafkaDumpTool.Dump d = KafkaDumpTool.run(dir, args);
        // the tool counts offsets from -1 in every file: a segment not starting at 0 is "non-consecutive"
        List<String> errors = d.errors().stream().filter(l -> !l.startsWith("Non-consecutive offsets in ")
                && !l.matches("  -1 is followed by \\d+")).toList();
        assertThat(d.exit()).as(String.join("\n", errors)).isZero();
        assertThat(errors).isEmpty();
        return d.out();
    }
}
