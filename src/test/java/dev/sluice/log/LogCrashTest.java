package dev.sluice.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.sluice.log.LogTesting.payload;
import static dev.sluice.log.LogTesting.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Kill -9 while appending: a child JVM ({@link LogCrashChild}) appends with durability on every
 * append and reports each acknowledged offset; it is killed at a random point, and the log,
 * reopened, must hold every acknowledged record byte for byte, at contiguous offsets from 0. Each
 * round goes on from the log the previous kill left, with the next I/O mode.
 */
class LogCrashTest {
    private static final long SEED = 14;
    private static final int ROUNDS = 5;
    private static final long ROUND_TIMEOUT_SECONDS = 30;

    @TempDir
    Path root;

    @Test
    void everyAcknowledgedRecordSurvivesKillMinus9() throws Exception {
        Path dir = root.resolve("log");
        Random random = new Random(SEED);
        long acknowledgedEnd = 0; // every offset below was acknowledged by some child
        for (int round = 0; round < ROUNDS; round++) {
            IoMode io = IoMode.values()[round % IoMode.values().length];
            int killAfter = 20 + random.nextInt(250);
            Path err = root.resolve("child-" + round + ".err");
            Process child = new ProcessBuilder(command(dir, io)).redirectError(err.toFile()).start();
            long lastAcked = -1;
            int acks = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROUND_TIMEOUT_SECONDS);
                String opened = out.readLine();
                assertThat(opened).as("round %d: the child opened the log%s", round, stderr(err))
                        .isEqualTo("opened " + acknowledgedEnd);
                while (acks < killAfter) {
                    if (System.nanoTime() > deadline) {
                        fail("round " + round + ": only " + acks + " acks in " + ROUND_TIMEOUT_SECONDS + " s");
                    }
                    String line = out.readLine();
                    if (line == null) {
                        fail("round " + round + ": the child ended after " + acks + " acks" + stderr(err));
                    }
                    assertThat(line).startsWith("acked ");
                    long acked = Long.parseLong(line.substring("acked ".length()));
                    assertThat(acked).isGreaterThan(lastAcked);
                    lastAcked = acked;
                    acks++;
                }
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            assertThat(dir.resolve(SegmentNames.CLEAN_SHUTDOWN)).as("no clean shutdown").doesNotExist();
            acknowledgedEnd = lastAcked + 1;

            try (Log log = Log.open(dir, LogCrashChild.config(io))) {
                long end = log.endOffset();
                assertThat(end).as("round %d: end offset after %d acks of up to %d", round, acks, lastAcked)
                        .isGreaterThanOrEqualTo(acknowledgedEnd);
                List<Record> all = readAll(log, 0);
                assertThat(all).hasSize((int) end);
                for (int i = 0; i < end; i++) {
                    Record r = all.get(i);
                    assertThat(r.offset()).isEqualTo(i);
                    assertThat(r.payload()).as("round %d, record %d", round, i).isEqualTo(payload(SEED, i));
                }
                // records past the last ack may have made it; the next child goes on from the end
                acknowledgedEnd = end;
            }
            // the clean close above writes the marker; take it away so the next child recovers too
            Files.deleteIfExists(dir.resolve(SegmentNames.CLEAN_SHUTDOWN));
        }
        try (Log log = Log.open(dir, LogCrashChild.config(IoMode.PWRITE))) {
            assertThat(log.segments().size()).as("segments").isGreaterThan(2);
        }
    }

    private static List<String> command(Path dir, IoMode io) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        for (String arg : System.getProperty("sluice.test.jvm.args", "").split(" ")) {
            if (!arg.isBlank()) {
                command.add(arg);
            }
        }
        command.add("-XX:-CreateCoredumpOnCrash");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LogCrashChild.class.getName());
        command.add(dir.toString());
        command.add(Long.toString(SEED));
        command.add(io.name());
        return command;
    }

    private static String stderr(Path err) {
        try {
            return "\n--- child stderr ---\n" + String.join("\n", Files.readAllLines(err).stream().limit(30).toList());
        } catch (IOException e) {
            return "";
        }
    }
}
