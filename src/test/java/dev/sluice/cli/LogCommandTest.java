package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogCommandTest {
    @TempDir
    Path dir;

    @Test
    void appendAcksEachLineAndDumpPrintsThem() {
        String log = dir.resolve("log").toString();
        CliRun append = CliRun.withStdin("alpha\nbeta\n\ngamma δ\n", "log", "append", "--dir", log);
        assertThat(append.exit()).as(append.err()).isZero();
        assertThat(append.out().lines()).containsExactly("acked 0", "acked 1", "acked 2", "acked 3");
        CliRun more = CliRun.withStdin("delta\n", "log", "append", "--dir", log, "--durability", "ms:10", "--io", "mmap");
        assertThat(more.out().lines()).containsExactly("acked 4");
        CliRun dump = CliRun.of("log", "dump", "--dir", log);
        assertThat(dump.exit()).isZero();
        assertThat(dump.out().lines()).containsExactly("0\talpha", "1\tbeta", "2\t", "3\tgamma δ", "4\tdelta");
        CliRun json = CliRun.of("log", "dump", "--dir", log, "--from", "3", "--json");
        assertThat(json.out().lines()).hasSize(2);
        assertThat(json.out().lines().findFirst().orElseThrow()).startsWith("{\"offset\": 3, \"timestamp\": ")
                .contains("\"payload\": \"" + Base64.getEncoder().encodeToString("gamma δ".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void verifyIsCleanUntilAByteFlipsThenNamesSegmentAndPosition() throws Exception {
        String log = dir.resolve("v").toString();
        CliRun.withStdin("one\ntwo\nthree\n", "log", "append", "--dir", log);
        CliRun clean = CliRun.of("log", "verify", "--dir", log);
        assertThat(clean.exit()).isZero();
        assertThat(clean.out()).contains("clean: 1 segment, 3 batches");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("v/00000000000000000000.log").toFile(), "rw")) {
            f.seek(51 + 48); // the first payload byte of the second batch ("one" is 51 bytes as a batch)
            f.write('X');
        }
        CliRun corrupt = CliRun.of("log", "verify", "--dir", log);
        assertThat(corrupt.exit()).isEqualTo(1);
        assertThat(corrupt.err().strip().lines()).hasSize(1);
        assertThat(corrupt.err()).contains("00000000000000000000.log at byte 51: CRC mismatch");
    }

    @Test
    void genWithCoalescingWritesEveryRecord() {
        String log = dir.resolve("c").toString();
        CliRun gen = CliRun.of("log", "gen", "--dir", log, "--bytes", "2m", "--record-size", "1000", "--segment-size", "1m",
                "--durability", "none", "--coalesce", "64k,1ms");
        assertThat(gen.exit()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("appended 2098 records");
        CliRun verify = CliRun.of("log", "verify", "--dir", log);
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("clean: 3 segments, 2098 batches");
    }

    @Test
    void statListsSegmentsWithOffsetsAndResidency() {
        String log = dir.resolve("s").toString();
        CliRun gen = CliRun.of("log", "gen", "--dir", log, "--bytes", "2m", "--record-size", "4k", "--segment-size", "1m",
                "--durability", "none");
        assertThat(gen.exit()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("appended 512 records").contains("MiB/s");
        CliRun stat = CliRun.of("log", "stat", "--dir", log);
        assertThat(stat.exit()).isZero();
        List<String> lines = stat.out().lines().toList();
        assertThat(lines.getFirst()).contains("BASE_OFFSET").contains("ALLOCATED").contains("CACHED");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
        assertThat(lines.get(lines.size() - 2)).contains("(active)");
        assertThat(lines.get(1)).startsWith("0 ").contains("00000000000000000000.log");
        long sealedSize = Long.parseLong(lines.get(1).split("\\s+")[1]);
        long sealedAllocated = Long.parseLong(lines.get(1).split("\\s+")[2]);
        assertThat(sealedAllocated).as("a sealed segment is trimmed").isBetween(sealedSize / 2, sealedSize + 65536);
        assertThat(lines.getLast()).matches("total: " + (lines.size() - 2) + " segments, sluice format, \\d+ bytes of batches, \\d+ bytes allocated on disk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--io=bogus", "--write-behind=bounded:0", "--write-behind=12q", "--durability=ms:abc",
            "--durability=sometimes", "--cache=maybe", "--segment-size=-1", "--segment-size=1k", "--bogus"})
    void badPolicyFlagsAreOneLineUsageErrors(String flag) {
        CliRun run = CliRun.withStdin("x\n", "log", "append", "--dir", dir.resolve("bad").toString(), flag);
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("sluice: ");
    }

    @Test
    void missingArgumentsAndDirectories() {
        for (String sub : List.of("append", "dump", "verify", "stat", "gen", "serve", "warm", "evict")) {
            CliRun run = CliRun.of("log", sub);
            assertThat(run.exit()).as(sub).isEqualTo(2);
            assertThat(run.err().strip().lines()).as(sub).hasSize(1);
        }
        for (List<String> args : List.of(List.of("dump"), List.of("verify"), List.of("stat"),
                List.of("serve", "--port", "0"))) {
            List<String> full = new java.util.ArrayList<>(List.of("log"));
            full.addAll(args);
            full.addAll(List.of("--dir", dir.resolve("missing").toString()));
            CliRun run = CliRun.of(full.toArray(String[]::new));
            assertThat(run.exit()).as(args.toString()).isEqualTo(1);
            assertThat(run.err()).contains("no such log directory");
        }
        assertThat(CliRun.of("log", "gen", "--dir", dir.toString(), "--bytes", "1m", "--record-size", "0").exit()).isEqualTo(2);
        assertThat(CliRun.of("log", "serve", "--dir", dir.toString(), "--port", "70000").exit()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("missing"))).isFalse();
    }

    @Test
    void dumpFromOutsideTheLogFails() {
        String log = dir.resolve("d").toString();
        CliRun.withStdin("a\n", "log", "append", "--dir", log);
        CliRun run = CliRun.of("log", "dump", "--dir", log, "--from", "5");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("outside the log");
    }
}
