package dev.sluice.cli;

import dev.sluice.log.Durability;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogFormat;
import dev.sluice.log.NewRecord;
import dev.sluice.log.RecordHeader;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code sluice log} commands on Kafka's format beside sluice's own: {@code --format} for the
 * writers, with kafka-clients' FileRecords reading what they wrote, and {@code dump --json} and
 * {@code --from-time}, {@code stat}, {@code verify} and {@code serve} on either format.
 */
@Timeout(120)
class LogKafkaFormatCommandTest {
    @TempDir
    Path dir;

    @Test
    void genInKafkasFormatWritesWhatKafkaClientsReads() throws IOException {
        Path log = dir.resolve("topic-0");
        CliRun gen = CliRun.of("log", "gen", "--dir", log.toString(), "--format", "kafka", "--bytes", "1m",
                "--record-size", "1000", "--batch", "100", "--segment-size", "256k", "--max-batch", "128k", "--durability", "none");
        assertThat(gen.exit()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("format kafka").contains("appended 1100 records"); // whole batches of 100
        byte[] payload = new byte[1000];
        new Random(1).nextBytes(payload); // what gen appends
        long offset = 0;
        List<Path> segments = files(log, ".log");
        assertThat(segments).hasSizeGreaterThan(1);
        for (Path segment : segments) {
            assertThat(Files.exists(Path.of(segment.toString().replace(".log", ".index")))).isTrue();
            assertThat(Files.exists(Path.of(segment.toString().replace(".log", ".timeindex")))).isTrue();
            try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
                for (FileChannelRecordBatch batch : records.batches()) {
                    batch.ensureValid();
                    assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_VALUE_V2);
                    assertThat(batch.countOrNull()).isEqualTo(100);
                    assertThat(batch.sizeInBytes()).as("the size gen plans with")
                            .isEqualTo(GenBatchSize.of(LogFormat.KAFKA, 100, 1000));
                    for (Record r : batch) {
                        assertThat(r.offset()).isEqualTo(offset++);
                        assertThat(r.hasKey()).isFalse();
                        assertThat(r.headers()).isEmpty();
                        assertThat(bytes(r.value())).isEqualTo(payload);
                    }
                }
            }
        }
        assertThat(offset).isEqualTo(1100);
        CliRun stat = CliRun.of("log", "stat", "--dir", log.toString());
        assertThat(stat.out().lines().toList().getLast()).startsWith("total: " + segments.size() + " segments, kafka format, ");
        CliRun verify = CliRun.of("log", "verify", "--dir", log.toString());
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).isEqualTo("clean: " + segments.size() + " segments, 11 batches\n");
    }

    @Test
    void genSizesKafkaBatchesByTheirVarintFramingAndSaysSoWhenTheyDoNotFit() {
        // 61-byte header; per record: length, attributes, timestamp delta, offset delta, key -1, value length,
        // value, 0 headers; offset deltas from 64 on take two bytes
        assertThat(GenBatchSize.of(LogFormat.KAFKA, 1, 10)).isEqualTo(61 + 1 + 4 + 1 + 1 + 10);
        assertThat(GenBatchSize.of(LogFormat.KAFKA, 65, 10)).isEqualTo(61 + 64 * 17 + 18);
        assertThat(GenBatchSize.of(LogFormat.SLUICE, 2, 10)).isEqualTo(40 + 2 * 18);
        assertThat(GenBatchSize.of(LogFormat.KAFKA, Integer.MAX_VALUE, Integer.MAX_VALUE)).isGreaterThan(Integer.MAX_VALUE);
        assertThat(GenBatchSize.of(LogFormat.KAFKA, 1, 1L << 31)).as("more than a Kafka value can be").isEqualTo(Long.MAX_VALUE);
        CliRun gen = CliRun.of("log", "gen", "--dir", dir.resolve("g").toString(), "--format", "kafka", "--bytes", "1m",
                "--record-size", "1m", "--max-batch", "1m");
        assertThat(gen.exit()).isEqualTo(2);
        assertThat(gen.err()).startsWith("sluice: a batch of 1 record of 1MiB takes 1048650 bytes with its 61-byte "
                + "header and 7 to 19 bytes of varint framing per record");
    }

    @Test
    void genWithoutFormatOnAKafkaLogSizesAndWritesKafkaBatches() {
        String log = dir.resolve("existing-0").toString();
        assertThat(CliRun.withStdin("a\n", "log", "append", "--dir", log, "--format", "kafka").exit()).isZero();
        // 1048528 bytes fit a 1 MiB batch in sluice's format (48 bytes of framing), not in Kafka's (72)
        CliRun tooBig = CliRun.of("log", "gen", "--dir", log, "--bytes", "1m", "--record-size", "1048528",
                "--max-batch", "1m", "--durability", "none");
        assertThat(tooBig.exit()).isEqualTo(2);
        assertThat(tooBig.err()).contains("takes 1048600 bytes with its 61-byte header");
        CliRun gen = CliRun.of("log", "gen", "--dir", log, "--bytes", "4k", "--record-size", "1k", "--durability", "none");
        assertThat(gen.exit()).as(gen.err()).isZero();
        assertThat(gen.out().lines()).allSatisfy(line -> assertThat(line).contains("format kafka"));
        assertThat(CliRun.of("log", "verify", "--dir", log).out()).isEqualTo("clean: 1 segment, 5 batches\n");
    }

    @Test
    void theReadersDefaultMaxBatchTakesTheLargestBatchADefaultBrokerAccepts() {
        // a record of 1048516 bytes makes a batch of 1048588 bytes, Kafka's default message.max.bytes
        for (int extra : new int[] {0, 1}) {
            String log = dir.resolve("large-" + extra).toString();
            String size = Integer.toString(1048516 + extra);
            CliRun gen = CliRun.of("log", "gen", "--dir", log, "--format", "kafka", "--bytes", size, "--record-size", size,
                    "--durability", "none");
            assertThat(gen.exit()).as(gen.err()).isZero();
            CliRun dump = CliRun.of("log", "dump", "--dir", log);
            if (extra == 0) {
                assertThat(dump.exit()).as(dump.err()).isZero();
                assertThat(dump.out().lines()).hasSize(1);
            } else {
                assertThat(dump.exit()).isEqualTo(1);
                assertThat(dump.err()).contains("a batch of 1048589 bytes, more than --max-batch (1048588)");
            }
        }
    }

    @Test
    void appendInKafkasFormatThenDumpAndAnExistingLogKeepsItsFormat() throws IOException {
        Path log = dir.resolve("orders-0");
        CliRun append = CliRun.withStdin("alpha\nbeta\n", "log", "append", "--dir", log.toString(), "--format", "kafka");
        assertThat(append.exit()).as(append.err()).isZero();
        assertThat(append.out().lines()).containsExactly("acked 0", "acked 1");
        List<String> values = new ArrayList<>();
        try (FileRecords records = FileRecords.open(log.resolve("00000000000000000000.log").toFile(), false)) {
            for (RecordBatch batch : records.batches()) {
                batch.ensureValid();
                for (Record r : batch) {
                    values.add(r.offset() + "=" + new String(bytes(r.value()), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(values).containsExactly("0=alpha", "1=beta");
        CliRun more = CliRun.withStdin("gamma\n", "log", "append", "--dir", log.toString());
        assertThat(more.out().lines()).as("no --format: the log's own").containsExactly("acked 2");
        assertThat(CliRun.of("log", "dump", "--dir", log.toString()).out()).isEqualTo("0\talpha\n1\tbeta\n2\tgamma\n");

        byte[] before = Files.readAllBytes(log.resolve("00000000000000000000.log"));
        CliRun other = CliRun.withStdin("delta\n", "log", "append", "--dir", log.toString(), "--format", "sluice");
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err()).isEqualTo("sluice: the log in " + log + " is in kafka format, not sluice: an existing log "
                + "keeps its format (leave --format out to append to it)\n");
        assertThat(Files.readAllBytes(log.resolve("00000000000000000000.log"))).isEqualTo(before);

        Path sluice = dir.resolve("own");
        assertThat(CliRun.withStdin("x\n", "log", "append", "--dir", sluice.toString(), "--format", "sluice").exit()).isZero();
        assertThat(CliRun.withStdin("y\n", "log", "append", "--dir", sluice.toString(), "--format", "kafka").err())
                .contains("is in sluice format, not kafka");
        assertThat(CliRun.of("log", "stat", "--dir", sluice.toString()).out()).contains(", sluice format, ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--format=bogus", "--format=", "--format=KAFKA2"})
    void aFormatThatIsNeitherIsAOneLineUsageError(String flag) {
        for (String command : List.of("append", "gen")) {
            List<String> args = new ArrayList<>(List.of("log", command, "--dir", dir.resolve("bad").toString(), flag));
            if (command.equals("gen")) {
                args.addAll(List.of("--bytes", "4k", "--record-size", "1k"));
            }
            CliRun run = CliRun.withStdin("x\n", args.toArray(String[]::new));
            assertThat(run.exit()).as(run.err()).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).startsWith("sluice: Invalid value for option '--format': ")
                    .contains("(sluice, kafka)").contains("(see 'sluice log " + command + " --help')");
            assertThat(dir.resolve("bad")).doesNotExist();
        }
    }

    @Test
    void dumpJsonHasKeyHeadersAndTimestampAndTextShowsATombstoneAsBackslashN() throws IOException {
        Path log = dir.resolve("kv-0");
        try (Log l = Log.open(log, LogConfig.builder().format(LogFormat.KAFKA).durability(Durability.none()).build())) {
            l.appendRecords(List.of(
                    new NewRecord("k1".getBytes(), "v1".getBytes(),
                            List.of(new RecordHeader("trace", new byte[] {1, 2}), new RecordHeader("empty", null))),
                    NewRecord.of("k1".getBytes(), null),
                    NewRecord.of(null, "\\N".getBytes())));
        }
        CliRun text = CliRun.of("log", "dump", "--dir", log.toString());
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out().lines()).containsExactly("0\tv1", "1\t\\N", "2\t\\\\N");
        CliRun json = CliRun.of("log", "dump", "--dir", log.toString(), "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        List<String> lines = json.out().lines().toList();
        assertThat(lines).hasSize(3);
        String k1 = b64("k1".getBytes());
        assertThat(lines.get(0)).matches("\\{\"offset\": 0, \"timestamp\": \\d+, \"key\": \"" + k1 + "\", \"payload\": \""
                + b64("v1".getBytes()) + "\", \"headers\": \\[\\{\"key\": \"trace\", \"value\": \"" + b64(new byte[] {1, 2})
                + "\"}, \\{\"key\": \"empty\", \"value\": null}]}");
        assertThat(lines.get(1)).matches("\\{\"offset\": 1, \"timestamp\": \\d+, \"key\": \"" + k1
                + "\", \"payload\": null, \"headers\": \\[]}");
        assertThat(lines.get(2)).matches("\\{\"offset\": 2, \"timestamp\": \\d+, \"key\": null, \"payload\": \""
                + b64("\\N".getBytes()) + "\", \"headers\": \\[]}");
    }

    @Test
    void dumpJsonOfSluicesOwnFormatHasANullKeyAndNoHeaders() {
        String log = dir.resolve("own").toString();
        CliRun.withStdin("a\n", "log", "append", "--dir", log);
        assertThat(CliRun.of("log", "dump", "--dir", log, "--json").out())
                .matches("\\{\"offset\": 0, \"timestamp\": \\d+, \"key\": null, \"payload\": \"" + b64("a".getBytes())
                        + "\", \"headers\": \\[]}\n");
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void dumpFromTimeStartsAtTheFirstRecordThatNew(LogFormat format) throws Exception {
        Path log = dir.resolve(format.name());
        try (Log l = Log.open(log, LogConfig.builder().format(format).segmentBytes(64 * 1024).maxBatchBytes(16 * 1024)
                .durability(Durability.none()).build())) {
            for (int i = 0; i < 60; i++) {
                l.append(("record " + i).getBytes());
                if (i % 20 == 19) {
                    Thread.sleep(15); // three runs of records, each later than the one before
                }
            }
        }
        List<Long> timestamps = CliRun.of("log", "dump", "--dir", log.toString(), "--json").out().lines()
                .map(line -> Long.parseLong(line.replaceAll(".*\"timestamp\": (\\d+),.*", "$1"))).toList();
        assertThat(timestamps).hasSize(60);
        long t = timestamps.get(20); // the first of the second run
        assertThat(timestamps.get(19)).isLessThan(t);
        int expected = 0;
        while (timestamps.get(expected) < t) {
            expected++; // the oracle: the first record, by offset, whose timestamp is at least t
        }
        for (String time : List.of(Long.toString(t), Instant.ofEpochMilli(t).toString(),
                Instant.ofEpochMilli(t).atOffset(java.time.ZoneOffset.ofHours(2)).toString())) {
            CliRun dump = CliRun.of("log", "dump", "--dir", log.toString(), "--from-time", time);
            assertThat(dump.exit()).as(dump.err()).isZero();
            assertThat(dump.out().lines().findFirst().orElseThrow()).as(time).isEqualTo(expected + "\trecord " + expected);
            assertThat(dump.out().lines()).hasSize(60 - expected);
        }
        assertThat(CliRun.of("log", "dump", "--dir", log.toString(), "--from-time", "0").out().lines()).hasSize(60);

        long newest = timestamps.getLast();
        CliRun none = CliRun.of("log", "dump", "--dir", log.toString(), "--from-time", Long.toString(newest + 1));
        assertThat(none.exit()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("sluice: log dump: no record is as new as " + Instant.ofEpochMilli(newest + 1)
                + " (" + (newest + 1) + " ms since the epoch): nothing to print\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-12-02", "2026-12-02T06:30", "-5", "1e9", "99999999999999999999", ""})
    void aBadTimeIsAUsageErrorNamingBothForms(String time) {
        String log = dir.resolve("t").toString();
        CliRun.withStdin("a\n", "log", "append", "--dir", log);
        CliRun run = CliRun.of("log", "dump", "--dir", log, "--from-time", time);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("sluice: Invalid value for option '--from-time': ")
                .contains("ISO-8601").contains("milliseconds since the epoch");
        CliRun both = CliRun.of("log", "dump", "--dir", log, "--from", "0", "--from-time", "0");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).startsWith("sluice: --from and --from-time both say where to start: give one");
    }

    @Test
    @Timeout(60)
    void serveSendsAKafkaPartitionsStoredBatches() throws Exception {
        Path log = dir.resolve("served-0");
        assertThat(CliRun.of("log", "gen", "--dir", log.toString(), "--format", "kafka", "--bytes", "200k",
                "--record-size", "1000", "--batch", "10", "--segment-size", "64k", "--max-batch", "16k", "--durability", "none")
                .exit()).isZero();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Path segment : files(log, ".log")) {
            expected.write(Files.readAllBytes(segment));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread server = new Thread(() -> Main.run(new String[] {"log", "serve", "--dir", log.toString(), "--port", "0"},
                new PrintWriter(out, true), new PrintWriter(err, true)));
        server.start();
        try {
            int port = port(out);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port); InputStream in = socket.getInputStream()) {
                in.transferTo(received);
            }
            assertThat(received.toByteArray()).as("every segment's batches, in order").isEqualTo(expected.toByteArray());
        } finally {
            server.interrupt(); // the accept loop ends with ClosedByInterruptException
            server.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(server.isAlive()).isFalse();
    }

    private static int port(StringWriter out) throws InterruptedException {
        Pattern listening = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+) ");
        for (int i = 0; i < 1000; i++) {
            Matcher m = listening.matcher(out.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("serve did not say where it listens: " + out);
    }

    static List<Path> files(Path log, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(log)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
