package dev.sluice.cli;

import dev.sluice.log.Durability;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogRecord;
import dev.sluice.log.kafka.KafkaBatchDecoder;
import dev.sluice.log.kafka.KafkaBatchEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code log dump} and {@code log verify} say what is there: records up to damage, and no verdict about nothing. */
class LogDumpVerifyTest {
    private static final int RECORDS = 100;
    private static final int DAMAGED_BYTE = 3000;

    @TempDir
    Path dir;

    /** A 100-record log, one record per batch; returns where each batch starts. */
    private List<Long> hundredRecords(Path log) throws IOException {
        List<Long> starts = new ArrayList<>();
        long position = 0;
        try (Log l = Log.open(log, LogConfig.builder().durability(Durability.none()).build())) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] payload = ("record number " + i).getBytes(StandardCharsets.UTF_8);
                l.append(payload);
                starts.add(position);
                position += 48 + payload.length; // docs/FORMAT.md: a 40-byte header, 8 bytes per record
            }
        }
        return starts;
    }

    @ParameterizedTest(name = "closed cleanly: {0}")
    @ValueSource(booleans = {true, false})
    void dumpPrintsEveryRecordBeforeTheDamageThenNamesIt(boolean cleanShutdown) throws IOException {
        Path log = dir.resolve("log");
        List<Long> starts = hundredRecords(log);
        flip(log.resolve("00000000000000000000.log"), DAMAGED_BYTE);
        if (!cleanShutdown) {
            Files.delete(log.resolve("clean-shutdown")); // as after a crash: the tail is found by scanning
        }
        int damaged = 0;
        while (starts.get(damaged + 1) <= DAMAGED_BYTE) {
            damaged++;
        }
        Run dump = run(() -> CliRun.of("log", "dump", "--dir", log.toString()));
        assertThat(dump.cli.exit()).isEqualTo(1);
        List<String> lines = dump.cli.out().lines().toList();
        assertThat(lines).hasSize(damaged);
        for (int i = 0; i < damaged; i++) {
            assertThat(lines.get(i)).isEqualTo(i + "\trecord number " + i);
        }
        assertThat(dump.allErr().strip().lines()).as(dump.allErr()).hasSize(1);
        assertThat(dump.allErr()).startsWith("sluice: log dump: 00000000000000000000.log is corrupt at byte "
                + starts.get(damaged) + ": ").contains("printed the " + damaged + " records before it (offsets 0 to "
                + (damaged - 1) + ")");
    }

    @Test
    void verifyRefusesWhatIsNotALog() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        for (String name : List.of("a.txt", "b.txt", "c.txt", "notes.md")) {
            Files.writeString(foreign.resolve(name), "not a log");
        }
        for (String command : List.of("verify", "dump", "stat")) {
            Run onEmpty = run(() -> CliRun.of("log", command, "--dir", empty.toString()));
            assertThat(onEmpty.cli.exit()).isEqualTo(1);
            assertThat(onEmpty.cli.out()).doesNotContain("clean");
            assertThat(onEmpty.allErr()).isEqualTo("sluice: " + empty + ": no log segments (not a log, or not yet)\n");

            Run onForeign = run(() -> CliRun.of("log", command, "--dir", foreign.toString()));
            assertThat(onForeign.cli.exit()).isEqualTo(1);
            assertThat(onForeign.allErr()).as("one line, no warning per file").isEqualTo("sluice: " + foreign
                    + ": not a log: no log segments, only 4 files that are not a log's (a.txt, b.txt, c.txt and 1 more)\n");

            Run onMissing = run(() -> CliRun.of("log", command, "--dir", dir.resolve("mistyped").toString()));
            assertThat(onMissing.cli.exit()).isEqualTo(1);
            assertThat(onMissing.allErr().strip().lines()).hasSize(1);
            assertThat(onMissing.cli.out()).doesNotContain("clean");
        }
    }

    @Test
    void aKafkaPartitionIsDumpedVerifiedAndAppendedToInKafkasFormat() throws IOException {
        Path kafka = Files.createDirectory(dir.resolve("topic-0"));
        Path segment = Files.write(kafka.resolve("00000000000000000000.log"), KafkaBatchEncoder.encode(0,
                List.of(LogRecord.of(0, 1_700_000_000_000L, "k".getBytes(), "x".getBytes()))));
        byte[] before = Files.readAllBytes(segment);
        Run dump = run(() -> CliRun.of("log", "dump", "--dir", kafka.toString()));
        assertThat(dump.cli.exit()).as(dump.allErr()).isZero();
        assertThat(dump.cli.out()).isEqualTo("0\tx\n");
        Run verify = run(() -> CliRun.of("log", "verify", "--dir", kafka.toString()));
        assertThat(verify.cli.exit()).as(verify.allErr()).isZero();
        assertThat(verify.cli.out()).startsWith("clean: 1 segment, 1 batch");
        Run append = run(() -> CliRun.withStdin("y\n", "log", "append", "--dir", kafka.toString()));
        assertThat(append.cli.exit()).as(append.allErr()).isZero();
        byte[] after = Files.readAllBytes(segment);
        assertThat(Arrays.copyOf(after, before.length)).as("a writer's open truncates nothing").isEqualTo(before);
        assertThat(KafkaBatchDecoder.records(MemorySegment.ofArray(after).asSlice(before.length)))
                .extracting(r -> new String(r.payload())).containsExactly("y");
    }

    @Test
    void verifyCountsInTheSingular() throws IOException {
        Path log = dir.resolve("one");
        try (Log l = Log.open(log, LogConfig.defaults())) {
            l.append(new byte[] {1});
        }
        assertThat(CliRun.of("log", "verify", "--dir", log.toString()).out()).isEqualTo("clean: 1 segment, 1 batch\n");
    }

    @Test
    void binaryPayloadsAreEscapedOneRecordPerLine() throws IOException {
        Path log = dir.resolve("binary");
        try (Log l = Log.open(log, LogConfig.defaults())) {
            l.append(new byte[] {0, (byte) 0xff, 'a', '\\', '\n', '\t', (byte) 0xc3, (byte) 0xa9, 0x7f, (byte) 0xc2,
                    (byte) 0x85});
            l.append("plain text, ünïcödé".getBytes(StandardCharsets.UTF_8));
        }
        CliRun dump = CliRun.of("log", "dump", "--dir", log.toString());
        assertThat(dump.exit()).isZero();
        assertThat(dump.out().lines()).containsExactly("0\t\\x00\\xffa\\\\\\n\\té\\x7f\\xc2\\x85",
                "1\tplain text, ünïcödé");
    }

    /** A Kafka segment's first record batch (v2, magic 2), as Kafka writes it: one record, a valid CRC32C. */
    private static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0xff);
        }
    }

    /** A run of the command line, with what the library's logger printed to the process's stderr. */
    private record Run(CliRun cli, String processErr) {
        String allErr() {
            return processErr + cli.err();
        }
    }

    /**
     * The process's stderr without Jazzer's lines: once a {@code @FuzzTest} has run in this JVM (the
     * order of test classes decides), its agent reports every class it instruments on stderr.
     */
    private static String withoutJazzerChatter(String processErr) {
        return processErr.lines().filter(line -> !line.startsWith("INFO: Instrumented "))
                .map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
    }

    private static Run run(Supplier<CliRun> command) {
        PrintStream previous = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CliRun cli = command.get();
            return new Run(cli, withoutJazzerChatter(captured.toString(StandardCharsets.UTF_8)));
        } finally {
            System.setErr(previous);
        }
    }
}
