package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;
import dev.sluice.log.RecordHeader;

import dev.sluice.testing.ChildJvm;
import org.apache.kafka.tools.DumpLogSegments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka 4.4's own {@code kafka-dump-log} ({@code org.apache.kafka.tools.DumpLogSegments}, in a
 * child JVM) on segments, indexes and time indexes sluice wrote: every batch valid, every record
 * and its key, value and headers as written, the index checks without a mismatch.
 */
class KafkaDumpLogSegmentsTest {
    private static final Pattern BATCH = Pattern.compile("^baseOffset: (\\d+) lastOffset: (\\d+) count: (\\d+) .* isvalid: (\\w+)$");
    private static final Pattern RECORD = Pattern.compile(
            "^\\| offset: (\\d+) CreateTime: (-?\\d+) keySize: (-?\\d+) valueSize: (-?\\d+) sequence: -1 headerKeys: \\[(.*)] key: (\\S+) payload: (\\S+)$");

    @TempDir
    Path dir;

    private final List<KafkaSegmentFixture> segments = new ArrayList<>();

    /** Two segments of a partition, as the log will roll them: offsets 0-N and N+1-M, dense. */
    @BeforeEach
    void writeTwoSegments() throws IOException {
        Random random = new Random(2026);
        long offset = 0;
        for (int s = 0; s < 2; s++) {
            KafkaSegmentFixture f = new KafkaSegmentFixture(offset, KafkaSegmentIndexer.DEFAULT_INDEX_INTERVAL_BYTES);
            for (int b = 0; b < 150; b++) {
                List<LogRecord> records = new ArrayList<>();
                int count = 1 + random.nextInt(12);
                for (int i = 0; i < count; i++) {
                    long o = offset + i;
                    List<RecordHeader> headers = o % 3 == 0 ? List.of(new RecordHeader("h" + o, "v".getBytes()),
                            new RecordHeader("n", null)) : List.of();
                    records.add(new LogRecord(o, 1_700_000_000_000L + 50L * b + random.nextInt(200) - 100,
                            ("key-" + o).getBytes(StandardCharsets.UTF_8),
                            ("value-" + o + "-" + "x".repeat(random.nextInt(300))).getBytes(StandardCharsets.UTF_8), headers));
                }
                f.append(offset, records);
                offset += count;
            }
            f.indexer.seal();
            f.writeTo(dir);
            segments.add(f);
        }
    }

    private KafkaDumpTool.Dump dump(String... args) throws IOException, InterruptedException {
        return KafkaDumpTool.run(dir, args);
    }

    private String files(String suffix) {
        return String.join(",", segments.stream().map(f -> dir.resolve(switch (suffix) {
            case KafkaFiles.LOG_SUFFIX -> KafkaFiles.log(f.baseOffset);
            case KafkaFiles.INDEX_SUFFIX -> KafkaFiles.index(f.baseOffset);
            default -> KafkaFiles.timeIndex(f.baseOffset);
        }).toString()).toList());
    }

    @Test
    void deepIterationFindsEveryBatchValidAndEveryRecordAsWritten() throws Exception {
        KafkaDumpTool.Dump d = dump("--deep-iteration", "--print-data-log", "--files", files(KafkaFiles.LOG_SUFFIX));
        assertThat(d.exit()).as(String.join("\n", d.errors())).isZero();
        // The tool counts offsets from -1 in every file, so a segment that does not start at 0 is
        // "non-consecutive" by its first offset, as every broker-written segment after the first is.
        List<String> quirk = new ArrayList<>();
        for (KafkaSegmentFixture f : segments) {
            if (f.baseOffset > 0) {
                quirk.add("Non-consecutive offsets in " + dir.resolve(KafkaFiles.log(f.baseOffset)));
                quirk.add("  -1 is followed by " + f.baseOffset);
            }
        }
        assertThat(d.errors()).as("stderr: nothing but the first offset of each later segment").isEqualTo(quirk);
        List<String[]> batches = new ArrayList<>();
        List<LogRecord> records = new ArrayList<>();
        List<String> headerKeys = new ArrayList<>();
        for (String line : d.out().lines().toList()) {
            Matcher b = BATCH.matcher(line);
            Matcher r = RECORD.matcher(line);
            if (b.matches()) {
                batches.add(new String[]{b.group(1), b.group(2), b.group(3), b.group(4)});
            } else if (r.matches()) {
                records.add(new LogRecord(Long.parseLong(r.group(1)), Long.parseLong(r.group(2)),
                        r.group(6).getBytes(StandardCharsets.UTF_8), r.group(7).getBytes(StandardCharsets.UTF_8), List.of()));
                headerKeys.add(r.group(5));
                assertThat(Integer.parseInt(r.group(3))).isEqualTo(r.group(6).length());
                assertThat(Integer.parseInt(r.group(4))).isEqualTo(r.group(7).length());
            } else {
                assertThat(line).as("a line that is neither a batch nor a record").matches(
                        "Dumping .*|Log starting offset: \\d+");
            }
        }
        List<byte[]> written = segments.stream().flatMap(f -> f.batches.stream()).toList();
        List<LogRecord> expected = segments.stream().flatMap(f -> f.records.stream()).toList();
        assertThat(batches).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) {
            KafkaBatchHeader h = KafkaBatchHeader.read(java.lang.foreign.MemorySegment.ofArray(written.get(i)));
            assertThat(batches.get(i)).as("batch %d", i).containsExactly(String.valueOf(h.baseOffset()),
                    String.valueOf(h.lastOffset()), String.valueOf(h.recordCount()), "true");
        }
        assertThat(records).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            LogRecord e = expected.get(i);
            assertThat(records.get(i)).isEqualTo(new LogRecord(e.offset(), e.timestamp(), e.key(), e.payload(), List.of()));
            assertThat(headerKeys.get(i)).isEqualTo(String.join(",", e.headers().stream().map(RecordHeader::key).toList()));
        }
        System.out.printf("DumpLogSegments --deep-iteration: %d batches, %d records, %d segments, all isvalid: true%n",
                batches.size(), records.size(), segments.size());
    }

    @Test
    void theIndexSanityCheckPassesAndTheIndexDumpsFindNoMismatch() throws Exception {
        String indexes = files(KafkaFiles.INDEX_SUFFIX) + "," + files(KafkaFiles.TIME_INDEX_SUFFIX);
        KafkaDumpTool.Dump sanity = dump("--index-sanity-check", "--files", indexes);
        assertThat(sanity.exit()).isZero();
        assertThat(sanity.errors()).isEmpty();
        for (String file : indexes.split(",")) {
            assertThat(sanity.out()).contains(file + " passed sanity check.");
        }

        KafkaDumpTool.Dump d = dump("--files", indexes);
        assertThat(d.exit()).as(String.join("\n", d.errors())).isZero();
        assertThat(d.errors()).as("no Mismatches, no timestamp mismatch, no offsets not found").isEmpty();
        long offsetLines = d.out().lines().filter(l -> l.matches("offset: \\d+ position: \\d+")).count();
        long timeLines = d.out().lines().filter(l -> l.matches("timestamp: \\d+ offset: \\d+")).count();
        int offsetEntries = segments.stream().mapToInt(f -> f.indexer.offsetIndex().entries()).sum();
        int timeEntries = segments.stream().mapToInt(f -> f.indexer.timeIndex().entries()).sum();
        assertThat(offsetEntries).isGreaterThan(50);
        assertThat(timeEntries).isGreaterThan(10);
        assertThat(offsetLines).isEqualTo(offsetEntries);
        assertThat(timeLines).isEqualTo(timeEntries);
        for (KafkaSegmentFixture f : segments) {
            for (int i = 0; i < f.indexer.offsetIndex().entries(); i++) {
                OffsetPosition e = f.indexer.offsetIndex().entry(i);
                assertThat(d.out()).contains("offset: " + e.offset() + " position: " + e.position() + "\n");
            }
        }
        System.out.printf("DumpLogSegments --index-sanity-check and index dumps: %d offset index entries, %d time index "
                + "entries, no mismatch%n", offsetEntries, timeEntries);
    }

    /** The oracle can fail: an index keyed by base offsets, a time index off by one, a flipped bit. */
    @Test
    void kafkasToolReportsWhatIsWrong() throws Exception {
        KafkaSegmentFixture f = segments.getFirst();
        KafkaOffsetIndex byBase = new KafkaOffsetIndex(f.baseOffset);
        KafkaOffsetIndex right = f.indexer.offsetIndex();
        List<Long> batchBases = f.batches.stream()
                .map(b -> KafkaBatchHeader.read(java.lang.foreign.MemorySegment.ofArray(b)).baseOffset()).toList();
        for (int i = 0; i < right.entries(); i++) {
            OffsetPosition e = right.entry(i);
            long base = batchBases.stream().filter(o -> o <= e.offset()).reduce((a, b) -> b).orElseThrow();
            if (base != e.offset()) {
                byBase.append(base, e.position());
            }
        }
        Files.write(dir.resolve(KafkaFiles.index(f.baseOffset)), byBase.toBytes());
        KafkaTimeIndex offByOne = new KafkaTimeIndex(f.baseOffset);
        for (int i = 0; i < f.indexer.timeIndex().entries(); i++) {
            TimestampOffset e = f.indexer.timeIndex().entry(i);
            offByOne.maybeAppend(e.timestamp() + 1, e.offset());
        }
        Files.write(dir.resolve(KafkaFiles.timeIndex(f.baseOffset)), offByOne.toBytes());
        byte[] log = f.segmentBytes();
        log[f.batches.getFirst().length + 70] ^= 1; // a record byte of the second batch
        Files.write(dir.resolve(KafkaFiles.log(f.baseOffset)), log);

        KafkaDumpTool.Dump d = dump("--files", dir.resolve(KafkaFiles.index(f.baseOffset)) + "," + dir.resolve(KafkaFiles.timeIndex(f.baseOffset)));
        assertThat(String.join("\n", d.errors())).contains("Mismatches in :").contains("Found timestamp mismatch in :");
        KafkaDumpTool.Dump logDump = dump("--files", dir.resolve(KafkaFiles.log(f.baseOffset)).toString());
        assertThat(logDump.out()).contains("isvalid: false");
    }
}
