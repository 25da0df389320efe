package dev.sluice.log;

import dev.sluice.log.kafka.KafkaClientsRecords;
import dev.sluice.sys.ChannelFds;
import dev.sluice.transfer.TransferPath;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every lever of the log, in Kafka's format (issue 13: "all of sluice's levers work unchanged in this
 * format"): each I/O mode, with each cache hint and write-behind policy and a durability policy in
 * turn; a tailing reader polling with a timeout while the log is appended to; reads with every
 * read-ahead kind; transferTo by every path; a reopen with retention that deletes the oldest segments.
 * The records (keys, null values, headers) always read back exactly, and kafka-clients' own
 * {@code FileRecords} validates every segment left on disk and reads the same records from it.
 */
@Tag("fs-matrix")
class LogKafkaLeversTest {
    private static final int SEGMENT_BYTES = 64 * 1024;
    private static final Duration TAIL_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path root;

    static Stream<Arguments> levers() {
        List<Durability> durabilities = List.of(Durability.none(), Durability.everyAppend(),
                Durability.everyBytes(DataSize.kib(32)), Durability.every(Duration.ofMillis(20)));
        List<WriteBehind> writeBehinds = List.of(WriteBehind.off(), WriteBehind.every(DataSize.kib(16)),
                WriteBehind.bounded(DataSize.kib(16)));
        List<Arguments> all = new ArrayList<>();
        int i = 0;
        for (IoMode io : IoMode.values()) {
            for (CacheHint cache : CacheHint.values()) {
                for (WriteBehind wb : writeBehinds) {
                    all.add(Arguments.of(io, cache, wb, durabilities.get(i++ % durabilities.size())));
                }
            }
        }
        return all.stream();
    }

    static List<ReadAhead> readAheads() {
        return List.of(ReadAhead.kernelDefault(), ReadAhead.sequential(), ReadAhead.random(),
                ReadAhead.explicit(DataSize.kib(128)), ReadAhead.mmapPopulate());
    }

    private static LogConfig config(IoMode io, CacheHint cache, WriteBehind wb, Durability durability, long retention) {
        return LogConfig.builder().format(LogFormat.KAFKA).segmentBytes(SEGMENT_BYTES).maxBatchBytes(16 * 1024)
                .indexIntervalBytes(1024).ioMode(io).cacheHint(cache).writeBehind(wb).durability(durability)
                .retention(retention, null).build();
    }

    @ParameterizedTest(name = "{0} {1} write-behind {2} durability {3}")
    @MethodSource("levers")
    void recordsReadBackExactlyAndKafkaFindsEverySegmentValid(IoMode io, CacheHint cache, WriteBehind wb,
                                                              Durability durability) throws Exception {
        Path dir = root.resolve("log");
        Random random = new Random(io.ordinal() * 100L + cache.ordinal() * 10L + wb.kind().ordinal());
        List<LogRecord> expected = new ArrayList<>();
        try (Log log = Log.open(dir, config(io, cache, wb, durability, 0))) {
            assertThat(log.config().format()).isEqualTo(LogFormat.KAFKA);
            try (LogReader tail = log.reader(0, new ReaderConfig(ReadAhead.sequential(), cache))) {
                AtomicLong end = new AtomicLong(-1);
                CompletableFuture<List<LogRecord>> tailed = CompletableFuture.supplyAsync(() -> tail(tail, end));
                for (int b = 0; b < 200; b++) {
                    expected.addAll(appendBatch(log, random, b, 3));
                }
                end.set(expected.size());
                log.flush();
                assertThat(log.durableOffset()).isEqualTo(expected.size());
                assertSame(tailed.get(TAIL_DEADLINE.toSeconds() + 10, TimeUnit.SECONDS), expected, "tailing reader");
            }
            assertThat(log.segments().size()).as("segments rolled").isGreaterThan(3);
            readEveryWay(log, expected, cache, root.resolve("sent-1"));
        }
        assertKafkaReads(dir, expected, 0);
        // reopened with retention: appends go on from the end, and the oldest segments go
        long retention = 3L * SEGMENT_BYTES;
        try (Log log = Log.open(dir, config(io, cache, wb, durability, retention))) {
            assertThat(log.endOffset()).isEqualTo(expected.size());
            for (int b = 0; b < 150; b++) {
                expected.addAll(appendBatch(log, random, 1000 + b, 4));
            }
            log.flush();
            assertThat(log.startOffset()).as("retention deleted the oldest segments").isPositive();
            List<LogRecord> kept = expected.subList((int) log.startOffset(), expected.size());
            readEveryWay(log, kept, cache, root.resolve("sent-2"));
        }
        try (Log log = Log.openReadOnly(dir, LogConfig.defaults())) {
            assertThat(log.config().format()).isEqualTo(LogFormat.KAFKA);
            assertKafkaReads(dir, expected, log.startOffset());
            assertSame(readAll(log, log.startOffset(), ReaderConfig.defaults()),
                    expected.subList((int) log.startOffset(), expected.size()), "read-only reopen");
        }
    }

    /** One batch of 1 to {@code most} records: keys (some null or empty), values (some null), headers. */
    private static List<LogRecord> appendBatch(Log log, Random random, int b, int most) throws IOException {
        int count = 1 + random.nextInt(most);
        List<NewRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] key = switch (random.nextInt(6)) {
                case 0 -> null;
                case 1 -> new byte[0];
                default -> ("key-" + b + "-" + i).getBytes(StandardCharsets.UTF_8);
            };
            byte[] value = random.nextInt(15) == 0 ? null : new byte[random.nextInt(1500)];
            if (value != null) {
                random.nextBytes(value);
            }
            List<RecordHeader> headers = random.nextInt(3) == 0
                    ? List.of(new RecordHeader("trace", new byte[] {(byte) b, (byte) i}), new RecordHeader("ø", null))
                    : List.of();
            records.add(new NewRecord(key, value, headers));
        }
        long base = log.appendRecords(records);
        List<LogRecord> appended = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            NewRecord r = records.get(i);
            appended.add(new LogRecord(base + i, 0, r.key(), r.payload(), r.headers()));
        }
        return appended;
    }

    /** A tailer: polls with a timeout until it has the {@code end} records the appender says there are, or the deadline passes. */
    private static List<LogRecord> tail(LogReader reader, AtomicLong end) {
        List<LogRecord> got = new ArrayList<>();
        long deadline = System.nanoTime() + TAIL_DEADLINE.toNanos();
        try {
            while (System.nanoTime() < deadline && (end.get() < 0 || got.size() < end.get())) {
                got.addAll(reader.poll(50, Duration.ofMillis(100)));
            }
            return got;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("the tailing reader failed after " + got.size() + " records", e);
        }
    }

    private static void readEveryWay(Log log, List<LogRecord> expected, CacheHint cache, Path sentDir) throws IOException {
        long start = expected.getFirst().offset();
        for (ReadAhead readAhead : readAheads()) {
            assertSame(readAll(log, start, new ReaderConfig(readAhead, cache)), expected, "read-ahead " + readAhead);
            // and from the middle of a batch, through the index
            long middle = expected.get(expected.size() / 2 + 1).offset();
            List<LogRecord> fromMiddle = readAll(log, middle, new ReaderConfig(readAhead, cache));
            assertSame(fromMiddle, expected.subList(expected.size() / 2 + 1, expected.size()), "from " + middle);
        }
        Files.createDirectories(sentDir);
        for (TransferPath path : TransferPath.values()) {
            Path sent = sentDir.resolve(path + ".log");
            long from = start;
            try (LogReader reader = log.reader(start, ReaderConfig.defaults().withTransferPath(path));
                 FileChannel target = FileChannel.open(sent, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (true) {
                    LogTransfer t = reader.transferTo(ChannelFds.of(target), from, 20_000);
                    if (t.bytes() == 0) {
                        break;
                    }
                    from = t.nextOffset();
                }
            }
            assertThat(from).as("%s transferred to the end", path).isEqualTo(log.endOffset());
            List<LogRecord> read = kafkaRecords(sent, firstBatchBase(sent));
            assertSame(read.subList((int) (start - read.getFirst().offset()), read.size()), expected, path + " transfer");
        }
    }

    private static long firstBatchBase(Path file) throws IOException {
        try (FileRecords records = FileRecords.open(file.toFile(), false)) {
            return records.batches().iterator().next().baseOffset();
        }
    }

    private static List<LogRecord> readAll(Log log, long from, ReaderConfig config) throws IOException {
        List<LogRecord> all = new ArrayList<>();
        try (LogReader reader = log.reader(from, config)) {
            List<LogRecord> got;
            while (!(got = reader.poll(41)).isEmpty()) {
                all.addAll(got);
            }
        }
        return all;
    }

    /** kafka-clients reads every segment of {@code dir}: every batch valid, offsets contiguous from {@code start}. */
    private static void assertKafkaReads(Path dir, List<LogRecord> expected, long start) throws IOException {
        List<LogRecord> read = new ArrayList<>();
        List<Path> segments;
        try (Stream<Path> s = Files.list(dir)) {
            segments = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        long next = start;
        for (Path segment : segments) {
            List<LogRecord> records = kafkaRecords(segment, next);
            if (!records.isEmpty()) {
                next = records.getLast().offset() + 1;
            }
            read.addAll(records);
            assertThat(Files.exists(dir.resolve(segment.getFileName().toString().replace(".log", ".index"))))
                    .as("%s has its .index", segment.getFileName()).isTrue();
            assertThat(Files.exists(dir.resolve(segment.getFileName().toString().replace(".log", ".timeindex"))))
                    .as("%s has its .timeindex", segment.getFileName()).isTrue();
        }
        assertSame(read, expected.subList((int) start, expected.size()), "kafka-clients FileRecords");
    }

    /** The records of a file of Kafka batches, each batch checked by kafka-clients, offsets contiguous from {@code first}. */
    private static List<LogRecord> kafkaRecords(Path file, long first) throws IOException {
        long[] next = {first};
        return KafkaClientsRecords.read(file, batch -> {
            assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_VALUE_V2);
            assertThat(batch.baseOffset()).as("%s: batches contiguous", file.getFileName()).isEqualTo(next[0]);
            next[0] = batch.nextOffset();
        });
    }

    /** Offsets, keys, values and headers exactly; timestamps are the appends' (positive). */
    private static void assertSame(List<LogRecord> actual, List<LogRecord> expected, String what) {
        assertThat(actual).as(what).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            LogRecord a = actual.get(i);
            assertThat(a.timestamp()).as("%s: record %d's timestamp", what, i).isPositive();
            assertThat(new LogRecord(a.offset(), 0, a.key(), a.payload(), a.headers())).as("%s: record %d", what, i)
                    .isEqualTo(expected.get(i));
        }
    }
}
