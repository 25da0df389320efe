package dev.sluice.log;

import dev.sluice.log.kafka.KafkaClientsRecords;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.log.kafka.KafkaBatchHeader;
import dev.sluice.log.kafka.KafkaFiles;
import org.apache.kafka.common.record.internal.FileRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery of a log in Kafka's format from mutated files, as a Jazzer target (issue 13). A Kafka log
 * of known records (keys, null values, headers) is written once by {@link Log}: sealed segments 0
 * and 1, an active segment 2, each with its {@code .index} and {@code .timeindex}. The input mutates
 * one of its files; then {@code Log.open} must succeed or throw an IOException, never anything else,
 * and when it succeeds:
 * <ul>
 * <li>no record read back was not written: each is exactly the record appended at its offset, the
 *     offsets dense from 0, while the CRCs are left as the mutation left them (made right, the
 *     offsets only increase: Kafka allows a batch more offsets than records, and control batches);</li>
 * <li>no acknowledged record is lost: every record whose batch lies wholly before the first byte
 *     the input changed in the active segment is there; damage to a sealed segment may be refused
 *     (at open, or by the reader that reaches it) but never cut; damage to an index changes nothing:
 *     a reader at every offset of its segment, and offsetForTime for each record's time, answer as
 *     before;</li>
 * <li>kafka-clients' {@code FileRecords} finds every batch left on disk valid and reads the records
 *     sluice returned (the oracle when the input asks for the CRCs to be made right, so the fuzzer
 *     gets past them);</li>
 * <li>a reopen finds the same log.</li>
 * </ul>
 *
 * <p>Input: a mode byte, then mutations. Mode bits 0-1 choose the file: 0 the active segment, 1
 * sealed segment 1, 2 its {@code .index}, 3 its {@code .timeindex}; bit 2 keeps the clean-shutdown
 * marker; bit 3 removes the recovery point (every sealed segment is checked at open); bit 4 makes
 * every batch's CRC-32C right after mutating. Each mutation is a kind byte (mod 4: 0 overwrite, 1
 * truncate, 2 append, 3 flip bits), an int16 position (mod the file's size + 1), a count byte, then
 * up to that many data bytes.
 * <pre>
 * JAZZER_FUZZ=1 mvn test -Dtest='LogKafkaFuzzTest#recovery' -Djazzer.max_duration=60s
 * </pre>
 */
class LogKafkaFuzzTest {
    private static final int SEGMENT_BYTES = 8 * 1024;
    private static Path root;
    private static Map<String, byte[]> base;
    private static List<LogRecord> written;
    private static long activeBase;
    private static long sealedBase;
    private static long runs;

    static LogConfig config() {
        return LogConfig.builder().format(LogFormat.KAFKA).segmentBytes(SEGMENT_BYTES).maxBatchBytes(4096)
                .indexIntervalBytes(256).durability(Durability.none()).build();
    }

    @BeforeAll
    static void writeBaseLog() throws IOException {
        Path shm = Path.of("/dev/shm");
        root = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "sluice-kafka-fuzz")
                : Files.createTempDirectory("sluice-kafka-fuzz");
        Path dir = root.resolve("base");
        written = new ArrayList<>();
        Random random = new Random(13);
        try (Log log = Log.open(dir, config())) {
            int b = 0;
            while (log.segments().size() < 3 || log.segments().getLast().sizeBytes() < 2000) {
                int count = 1 + random.nextInt(4);
                List<NewRecord> records = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    byte[] key = random.nextInt(4) == 0 ? null : ("k" + b + "." + i).getBytes(StandardCharsets.UTF_8);
                    byte[] value = random.nextInt(10) == 0 ? null : new byte[random.nextInt(300)];
                    if (value != null) {
                        random.nextBytes(value);
                    }
                    List<RecordHeader> headers = random.nextInt(3) == 0
                            ? List.of(new RecordHeader("h", new byte[] {(byte) b}), new RecordHeader("", null)) : List.of();
                    records.add(new NewRecord(key, value, headers));
                }
                log.appendRecords(records);
                b++;
            }
            written.addAll(LogTesting.readAll(log, 0));
            activeBase = log.segments().getLast().baseOffset();
            sealedBase = log.segments().get(1).baseOffset();
        }
        base = LogTesting.snapshot(dir);
    }

    @AfterAll
    static void deleteRoot() throws IOException {
        LogFuzzTest.deleteTree(root);
    }

    @FuzzTest
    void recovery(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xff;
        String target = switch (mode & 3) {
            case 0 -> KafkaFiles.log(activeBase);
            case 1 -> KafkaFiles.log(sealedBase);
            case 2 -> KafkaFiles.index(sealedBase);
            default -> KafkaFiles.timeIndex(sealedBase);
        };
        boolean fixCrcs = (mode & 16) != 0;
        Map<String, byte[]> files = new TreeMap<>(base);
        byte[] original = files.get(target);
        byte[] mutated = mutate(original, input);
        if (fixCrcs && target.endsWith(".log")) {
            fixCrcs(mutated);
        }
        files.put(target, mutated);
        if ((mode & 4) == 0) {
            files.remove(SegmentNames.CLEAN_SHUTDOWN);
        }
        if ((mode & 8) != 0) {
            files.remove(SegmentNames.RECOVERY_POINT);
        }
        Path dir = root.resolve("r" + runs++);
        Files.createDirectories(dir);
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
            // every record of a batch that ends before the first changed byte of the active segment was acknowledged
            long acked = target.equals(KafkaFiles.log(activeBase)) ? activeBase + wholeBatchRecords(original, firstDifference(original, mutated))
                    : target.endsWith(".log") ? 0 : written.size();
            boolean sealedDamaged = target.equals(KafkaFiles.log(sealedBase)) && !java.util.Arrays.equals(original, mutated);
            boolean exact = !fixCrcs || !target.endsWith(".log");
            List<LogRecord> first;
            Log opened;
            try {
                opened = Log.open(dir, config());
            } catch (IOException refused) {
                // refusing damage it must not cut is allowed: in a sealed segment, or a batch over maxBatchBytes
                assertThat(target).as("only a damaged segment may be refused, never for an index: %s", refused)
                        .endsWith(".log");
                if (acked == written.size()) {
                    assertThat(refused).as("refused, though nothing acknowledged was damaged")
                            .hasMessageContaining("maxBatchBytes");
                }
                return;
            }
            try (Log log = opened) {
                assertThat(log.startOffset()).isZero();
                try {
                    first = LogTesting.readAll(log, 0);
                } catch (CorruptLogException e) {
                    assertThat(sealedDamaged).as("a reader may meet damage only in a damaged sealed segment: %s", e).isTrue();
                    return;
                } catch (IOException e) {
                    // behind a CRC made right, a compressed batch may hold bytes no codec decodes
                    assertThat(exact).as("a reader failed on a log whose CRCs were left alone: %s", e).isFalse();
                    return;
                }
                assertThat(log.endOffset()).as("acknowledged records kept").isGreaterThanOrEqualTo(acked);
                if (exact) {
                    assertThat(first).as("records read back").hasSize((int) log.endOffset());
                    for (int i = 0; i < first.size(); i++) {
                        assertThat(first.get(i)).as("record %d is the one written", i).isEqualTo(written.get(i));
                    }
                } else {
                    // CRCs made right let through what Kafka allows: a batch spanning more offsets than it
                    // has records (compacted), or a control batch, which hands over none
                    for (int i = 0; i < first.size(); i++) {
                        assertThat(first.get(i).offset()).as("offsets increase").isGreaterThan(i == 0 ? -1 : first.get(i - 1).offset());
                        assertThat(first.get(i).offset()).isLessThan(log.endOffset());
                        if (i < acked) {
                            assertThat(first.get(i)).as("acknowledged record %d", i).isEqualTo(written.get(i));
                        }
                    }
                }
                if (!target.endsWith(".log")) {
                    // an index is only ever asked where a reader starts: from every offset of its segment
                    for (long offset = sealedBase; offset < activeBase; offset++) {
                        try (LogReader reader = log.reader(offset, ReaderConfig.defaults())) {
                            assertThat(reader.poll(1)).as("a reader at %d, with the %s damaged", offset, target)
                                    .containsExactly(written.get((int) offset));
                        }
                        long t = written.get((int) offset).timestamp();
                        assertThat(log.offsetForTime(t)).as("offsetForTime(%d)", t).isEqualTo(java.util.OptionalLong.of(
                                written.stream().filter(r -> r.timestamp() >= t).mapToLong(LogRecord::offset).min().orElseThrow()));
                    }
                }
            }
            List<LogRecord> kafka;
            try {
                kafka = kafkaRecords(dir);
            } catch (org.apache.kafka.common.KafkaException e) {
                // kafka-clients decodes compressed batches sluice skips (control batches): only where CRCs were made right
                assertThat(exact).as("kafka-clients fails on what sluice recovered: %s", e).isFalse();
                kafka = first;
            }
            assertThat(kafka).as("kafka-clients reads what sluice read").isEqualTo(first);
            try (Log again = Log.open(dir, config())) {
                assertThat(LogTesting.readAll(again, 0)).as("the same log after a reopen").isEqualTo(first);
            }
        } finally {
            LogFuzzTest.deleteTree(dir);
        }
    }

    /** Applies the input's mutations, after its mode byte, to a copy of {@code file}. */
    static byte[] mutate(byte[] file, byte[] input) {
        byte[] out = file.clone();
        int at = 1;
        while (at + 4 <= input.length) {
            int kind = (input[at] & 0xff) % 4;
            int position = ((input[at + 1] & 0xff) << 8 | (input[at + 2] & 0xff)) % (out.length + 1);
            int count = input[at + 3] & 0xff;
            at += 4;
            byte[] data = java.util.Arrays.copyOfRange(input, at, Math.min(input.length, at + count));
            at += data.length;
            switch (kind) {
                case 0 -> {
                    int n = Math.min(data.length, out.length - position);
                    System.arraycopy(data, 0, out, position, n);
                }
                case 1 -> out = java.util.Arrays.copyOf(out, position);
                case 2 -> {
                    byte[] longer = java.util.Arrays.copyOf(out, out.length + data.length);
                    System.arraycopy(data, 0, longer, out.length, data.length);
                    out = longer;
                }
                default -> {
                    for (int i = 0; i < data.length && position + i < out.length; i++) {
                        out[position + i] ^= data[i];
                    }
                }
            }
        }
        return out;
    }

    private static long firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return a.length == b.length ? Long.MAX_VALUE : n;
    }

    /** The records of the whole batches of a valid segment that end at or before byte {@code limit}. */
    private static long wholeBatchRecords(byte[] segment, long limit) {
        ByteBuffer b = ByteBuffer.wrap(segment);
        long records = 0;
        int at = 0;
        while (at + KafkaBatchHeader.HEADER_BYTES <= segment.length) {
            long end = at + 12L + b.getInt(at + 8);
            if (end > limit) {
                break;
            }
            records += b.getInt(at + 23) + 1L; // lastOffsetDelta + 1: no gaps in a sluice-written batch
            at = (int) end;
        }
        return records;
    }

    /** Makes the CRC-32C of every batch whose length fits right, so the fuzzer reaches the checks behind it. */
    static void fixCrcs(byte[] segment) {
        ByteBuffer b = ByteBuffer.wrap(segment);
        int at = 0;
        while (at + KafkaBatchHeader.HEADER_BYTES <= segment.length) {
            int length = b.getInt(at + 8);
            long end = at + 12L + length;
            if (length < KafkaBatchHeader.HEADER_BYTES - 12 || end > segment.length) {
                return;
            }
            CRC32C crc = new CRC32C();
            crc.update(segment, at + KafkaBatchHeader.CRC_START, (int) end - at - KafkaBatchHeader.CRC_START);
            b.putInt(at + 17, (int) crc.getValue());
            at = (int) end;
        }
    }

    /** Every record of every segment of {@code dir}, as kafka-clients reads them, each batch checked valid. */
    private static List<LogRecord> kafkaRecords(Path dir) throws IOException {
        List<LogRecord> all = new ArrayList<>();
        for (String name : LogTesting.fileNames(dir)) {
            if (SegmentNames.parseLog(name).isPresent()) {
                all.addAll(KafkaClientsRecords.read(dir.resolve(name), batch -> { }));
            }
        }
        return all;
    }
}
