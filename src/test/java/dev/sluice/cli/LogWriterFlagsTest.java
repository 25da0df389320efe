package dev.sluice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code log gen} and {@code log append} say before and after they work, and what they refuse. */
class LogWriterFlagsTest {
    @TempDir
    Path dir;

    @Test
    void genSaysItsPolicyBeforeItStartsAndSizesTheBatchToFitTheRecord() {
        String log = dir.resolve("big").toString();
        CliRun gen = CliRun.of("log", "gen", "--dir", log, "--bytes", "2m", "--record-size", "1m", "--segment-size", "8m",
                "--durability", "none");
        assertThat(gen.exit()).as(gen.err()).isZero();
        List<String> lines = gen.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).startsWith("appending 2MiB in records of 1MiB, 1 per batch, to " + log + ": ")
                .contains("durability none (never synced: not durable)")
                .endsWith("batches of up to 2MiB, so read this log with --max-batch 2MiB");
        assertThat(lines.getLast()).startsWith("appended 2 records, 2097152 bytes in ");
        assertThat(CliRun.of("log", "verify", "--dir", log, "--max-batch", "2MiB").out()).startsWith("clean: 1 segment, 2 batches");
    }

    @Test
    void genNamesTheDefaultDurabilityAndWhatItCosts() {
        CliRun gen = CliRun.of("log", "gen", "--dir", dir.resolve("every").toString(), "--bytes", "8k", "--record-size", "4k");
        assertThat(gen.exit()).as(gen.err()).isZero();
        assertThat(gen.out().lines().findFirst().orElseThrow())
                .contains("io pwrite, write-behind off, durability every (an fdatasync per batch), cache keep");
    }

    @Test
    void aMaxBatchTooSmallForOneRecordSaysTheHeaderIsWhatDoesNotFit() {
        CliRun gen = CliRun.of("log", "gen", "--dir", dir.resolve("g").toString(), "--bytes", "1m", "--record-size", "1m",
                "--max-batch", "1m");
        assertThat(gen.exit()).isEqualTo(2);
        assertThat(gen.err()).startsWith("sluice: a batch of 1 record of 1MiB takes 1048624 bytes with its 40-byte header "
                + "and 8 bytes per record (docs/FORMAT.md), more than --max-batch 1MiB (1048576 bytes)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--io mmap --cache uncached|--cache uncached needs --io pwrite",
            "--io direct --cache drop-behind|--cache drop-behind means nothing with --io direct",
            "--io direct --cache uncached|--cache uncached means nothing with --io direct",
            "--io direct --write-behind 1m|--write-behind means nothing with --io direct",
            "--io direct --write-behind bounded:1m|--write-behind means nothing with --io direct"})
    void flagsThatWouldBeIgnoredAreRefused(String flags, String message) {
        for (String command : List.of("append", "gen")) {
            List<String> args = new ArrayList<>(List.of("log", command, "--dir", dir.resolve("x").toString()));
            if (command.equals("gen")) {
                args.addAll(List.of("--bytes", "4k", "--record-size", "1k"));
            }
            args.addAll(List.of(flags.split(" ")));
            CliRun run = CliRun.withStdin("x\n", args.toArray(String[]::new));
            assertThat(run.exit()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).startsWith("sluice: " + message);
            assertThat(dir.resolve("x")).doesNotExist();
        }
    }

    @Test
    void durabilityNoneSaysAppendedNotAcked() {
        CliRun run = CliRun.withStdin("a\nb\n", "log", "append", "--dir", dir.resolve("n").toString(), "--durability", "none");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("appended 0", "appended 1");
    }

    @Test
    void errorsNameTheFlagsNotTheLibrarySettings() {
        CliRun run = CliRun.withStdin("x\n", "log", "append", "--dir", dir.resolve("s").toString(), "--segment-size", "4k");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("sluice: --segment-size (4096) must hold at least one batch of --max-batch (1048576)");
    }

    @Test
    void dirCreatesTheLogsDirectoryButNotItsParentsAndSaysSo() {
        Path deep = dir.resolve("a/b/c");
        CliRun run = CliRun.withStdin("x\n", "log", "append", "--dir", deep.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("sluice: " + deep + ": cannot create it: " + dir.resolve("a/b")
                + " is not a directory (--dir creates the log's own directory, not its parents)\n");
        assertThat(dir.resolve("a")).doesNotExist();
    }
}
