package dev.sluice.log;

import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.TestData;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static dev.sluice.log.LogTesting.batchBoundaries;
import static dev.sluice.log.LogTesting.forgetCleanShutdown;
import static dev.sluice.log.LogTesting.readAll;
import static dev.sluice.log.LogTesting.restore;
import static dev.sluice.log.LogTesting.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Kill -9 at scale (G1, G2). Each round starts a child JVM ({@link LogKillChild}) with a random
 * I/O mode, durability (every append, every N bytes, every N ms), write-behind and cache hint;
 * the child prints every durable offset {@link Log#onDurable} reports, and the parent kills it
 * (SIGKILL) after a random delay or a random number of acknowledgements. The log is then opened,
 * and must hold a contiguous prefix from offset 0 of exactly the records the child appended
 * (payloads are reproducible from the seed and the offset), at least up to the last durable
 * offset printed. Rounds go on from the log the previous kill left, a few rounds per directory.
 *
 * <p>Rounds: {@code -Dsluice.crash.rounds=N} (default 20, a few seconds); seed:
 * {@code -Dsluice.crash.seed=S} (default: random, printed on failure). Example of a long run:
 * {@code mvn test -Dtest=LogKillTest -Dsluice.crash.rounds=5000}.
 */
@Tag("fs-matrix")
class LogKillTest {
    private static final int ROUNDS = Integer.getInteger("sluice.crash.rounds", 20);
    private static final int RECOVERY_ROUNDS = Integer.getInteger("sluice.crash.recovery.rounds", 5);
    private static final long SEED = Long.getLong("sluice.crash.seed", System.nanoTime());
    private static final int ROUNDS_PER_LOG = 5;
    private static final long MAX_RECORDS_PER_CHILD = 2000;
    private static final long ROUND_TIMEOUT_SECONDS = 60;

    private static final AtomicInteger roundsDone = new AtomicInteger();
    private static final AtomicLong ackedChecked = new AtomicLong();
    private static final AtomicLong lost = new AtomicLong();
    private static final AtomicInteger recoveryRoundsDone = new AtomicInteger();

    @TempDir
    Path root;

    @AfterAll
    static void closingNote() {
        System.out.println("kill -9: " + roundsDone.get() + " rounds, " + ackedChecked.get()
                + " acked records checked, " + lost.get() + " lost; kill during recovery: " + recoveryRoundsDone.get()
                + " rounds (seed " + SEED + ")");
    }

    /** One round's policy, as {@link LogKillChild} takes it. */
    private record Policy(IoMode io, Durability durability, WriteBehind writeBehind, CacheHint cache) {
        static Policy random(Random random) {
            IoMode io = IoMode.values()[random.nextInt(IoMode.values().length)];
            Durability durability = switch (random.nextInt(3)) {
                case 0 -> Durability.everyAppend();
                case 1 -> Durability.everyBytes(DataSize.ofBytes(1 + random.nextInt(512 * 1024)));
                default -> Durability.every(Duration.ofMillis(1 + random.nextInt(50)));
            };
            WriteBehind writeBehind = switch (random.nextInt(3)) {
                case 0 -> WriteBehind.off();
                case 1 -> WriteBehind.every(DataSize.ofBytes(4096L * (1 + random.nextInt(32))));
                default -> WriteBehind.bounded(DataSize.ofBytes(4096L * (1 + random.nextInt(32))));
            };
            CacheHint cache = CacheHint.values()[random.nextInt(CacheHint.values().length)];
            return new Policy(io, durability, writeBehind, cache);
        }

        List<String> args() {
            return List.of(io.name(), durability.toString(), writeBehind.toString(), cache.name());
        }

        LogConfig config() {
            return LogKillChild.config(io, durability, writeBehind, cache);
        }
    }

    @Test
    void everyAcknowledgedRecordSurvivesKillMinus9UnderRandomPolicies() throws Exception {
        Random random = new Random(SEED);
        Path dir = null;
        long logSeed = 0;
        long end = 0; // the log's end after the last check
        for (int round = 0; round < ROUNDS; round++) {
            if (round % ROUNDS_PER_LOG == 0) {
                if (dir != null) {
                    deleteTree(dir);
                }
                dir = root.resolve("log-" + round);
                logSeed = random.nextLong();
                end = 0;
            }
            Policy policy = Policy.random(random);
            boolean byAcks = random.nextBoolean();
            int killAfterAcks = 1 + random.nextInt(random.nextBoolean() ? 10 : 150);
            long killAfterMillis = random.nextInt(random.nextBoolean() ? 600 : 1100); // JVM start is ~0.5 s
            String what = "seed " + SEED + ", round " + round + ", " + policy + ", kill after "
                    + (byAcks ? killAfterAcks + " acks" : killAfterMillis + " ms");

            List<String> command = new ArrayList<>(List.of("append", dir.toString(), Long.toString(logSeed)));
            command.addAll(policy.args());
            command.add(Long.toString(MAX_RECORDS_PER_CHILD));
            Path err = root.resolve("child-" + round + ".err");
            Process child = start(command, err);
            ChildOutput output = new ChildOutput(child, what);
            long started = System.nanoTime();
            try {
                long deadline = started + TimeUnit.SECONDS.toNanos(ROUND_TIMEOUT_SECONDS);
                while (true) {
                    if (byAcks ? output.acks.get() >= killAfterAcks || output.idle
                            : System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(killAfterMillis)) {
                        break;
                    }
                    if (output.ended) {
                        fail(what + ": the child ended" + stderr(err));
                    }
                    if (System.nanoTime() > deadline) {
                        fail(what + ": only " + output.acks.get() + " acks in " + ROUND_TIMEOUT_SECONDS + " s");
                    }
                    Thread.sleep(1);
                }
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
                output.thread.join(TimeUnit.SECONDS.toMillis(20));
            }
            assertThat(output.problem).as(what + stderr(err)).isNull();
            assertThat(child.exitValue()).as(what + ": killed by SIGKILL" + stderr(err)).isEqualTo(128 + 9);
            if (output.opened >= 0) {
                assertThat(output.opened).as(what + ": the child recovered the end the last check saw").isEqualTo(end);
            }
            long durable = Math.max(output.durable.get(), output.opened); // recovery's end is durable too
            end = check(dir, policy, logSeed, Math.max(durable, end), what);
            ackedChecked.addAndGet(Math.max(durable, 0));
            roundsDone.incrementAndGet();
        }
    }

    /**
     * Opens the killed log read-only (changing nothing, so the next child recovers the crash
     * itself), and every few rounds read-write as well; checks the records from 0 and returns the end.
     */
    private static long check(Path dir, Policy policy, long logSeed, long acknowledged, String what) throws IOException {
        if (!Files.exists(dir) || LogTesting.fileNames(dir).stream().noneMatch(n -> n.endsWith(".log"))) {
            assertThat(acknowledged).as(what + ": nothing acknowledged, no directory").isLessThanOrEqualTo(0);
            return 0;
        }
        assertThat(dir.resolve(SegmentNames.CLEAN_SHUTDOWN)).as(what + ": no clean shutdown").doesNotExist();
        long end;
        Map<String, byte[]> before = snapshot(dir);
        try (Log log = Log.openReadOnly(dir, policy.config())) {
            end = checkRecords(log, logSeed, acknowledged, what + " (read-only)");
        }
        assertThat(snapshot(dir)).as(what + ": a read-only open changes nothing").containsOnlyKeys(before.keySet());
        return end;
    }

    static long checkRecords(Log log, long logSeed, long acknowledged, String what) throws IOException {
        long end = log.endOffset();
        assertThat(log.startOffset()).as(what).isZero();
        if (end < acknowledged) {
            lost.addAndGet(acknowledged - end);
            fail(what + ": the log ends at " + end + " but " + acknowledged + " records were acknowledged as durable");
        }
        List<LogRecord> all = readAll(log, 0);
        assertThat(all).as(what + ": records read back").hasSize((int) end);
        for (int i = 0; i < end; i++) {
            LogRecord r = all.get(i);
            assertThat(r.offset()).as(what).isEqualTo(i);
            byte[] expected = LogKillChild.payload(logSeed, i);
            if (!java.util.Arrays.equals(r.payload(), expected)) {
                if (i < acknowledged) {
                    lost.incrementAndGet();
                }
                fail(what + ": record " + i + (i < acknowledged ? " (acknowledged)" : "") + " differs: "
                        + r.payload().length + " bytes, expected " + expected.length);
            }
        }
        return end;
    }

    /**
     * Kill -9 during recovery: a child opens a damaged log (torn tail, garbage, missing and damaged
     * indexes, no recovery point, a stray temporary file) and is killed at a random moment; a
     * second recovery (in process) must give exactly the records a recovery of an untouched copy
     * of the damaged directory gives.
     */
    @Test
    void aKillDuringRecoveryChangesNothingASecondRecoveryWouldNotHaveFound() throws Exception {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < RECOVERY_ROUNDS; round++) {
            Path dir = root.resolve("damaged-" + round);
            Path copy = root.resolve("copy-" + round);
            long logSeed = random.nextLong();
            LogConfig config = LogKillChild.config(IoMode.PWRITE, Durability.none(), WriteBehind.off(), CacheHint.KEEP);
            long written;
            try (Log log = Log.open(dir, config)) {
                int records = 3000 + random.nextInt(3000);
                for (long i = 0; i < records; i++) {
                    log.append(LogKillChild.payload(logSeed, i));
                }
                written = log.endOffset();
            }
            damage(dir, random);
            Files.createDirectory(copy);
            restore(copy, snapshot(dir));
            String what = "seed " + SEED + ", recovery round " + round;

            long killAfterMillis = 300 + random.nextInt(900);
            Path err = root.resolve("recover-" + round + ".err");
            Process child = start(List.of("recover", dir.toString()), err);
            try {
                child.waitFor(killAfterMillis, TimeUnit.MILLISECONDS);
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(child.exitValue()).as(what + stderr(err)).isIn(0, 128 + 9);
            forgetCleanShutdown(dir); // if the child finished, its close wrote the marker; the copy has none

            List<LogRecord> afterKill;
            List<LogRecord> untouched;
            try (Log log = Log.open(dir, config)) {
                afterKill = readAll(log, 0);
            }
            try (Log log = Log.open(copy, config)) {
                untouched = readAll(log, 0);
            }
            assertThat(afterKill).as(what + ": records after a killed recovery").hasSameSizeAs(untouched);
            assertThat(untouched.size()).as(what).isLessThanOrEqualTo((int) written).isGreaterThan(0);
            for (int i = 0; i < untouched.size(); i++) {
                assertThat(afterKill.get(i).offset()).isEqualTo(i);
                assertThat(untouched.get(i).offset()).isEqualTo(i);
                assertThat(afterKill.get(i).payload()).as(what + ": record " + i).isEqualTo(untouched.get(i).payload())
                        .isEqualTo(LogKillChild.payload(logSeed, i));
            }
            deleteTree(dir);
            deleteTree(copy);
            recoveryRoundsDone.incrementAndGet();
        }
    }

    /** A crash's damage: torn or garbage tail of the active segment, indexes gone or damaged, no recovery point. */
    private static void damage(Path dir, Random random) throws IOException {
        forgetCleanShutdown(dir);
        List<Path> segments;
        try (Stream<Path> entries = Files.list(dir)) {
            segments = entries.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        Path active = segments.getLast();
        List<Long> boundaries = batchBoundaries(active);
        if (boundaries.size() > 2 && random.nextBoolean()) {
            long lastStart = boundaries.get(boundaries.size() - 2);
            long size = boundaries.getLast();
            LogTesting.truncate(active, lastStart + 1 + random.nextInt((int) (size - lastStart - 1))); // torn
        } else {
            LogTesting.append(active, TestData.randomBytes(random, 1 + random.nextInt(20000))); // garbage
        }
        if (random.nextBoolean()) {
            Files.deleteIfExists(dir.resolve(SegmentNames.RECOVERY_POINT)); // every sealed segment is CRC-checked
        }
        for (Path segment : segments) {
            Path index = dir.resolve(segment.getFileName().toString().replace(".log", ".index"));
            switch (random.nextInt(3)) {
                case 0 -> Files.deleteIfExists(index);
                case 1 -> {
                    if (Files.exists(index) && Files.size(index) > 0) {
                        LogTesting.flipByte(index, random.nextInt((int) Files.size(index)));
                    }
                }
                default -> {
                }
            }
        }
        Files.write(dir.resolve(SegmentNames.index(0) + SegmentNames.TEMPORARY), new byte[100]);
    }

    private static Process start(List<String> args, Path err) throws IOException {
        List<String> command = ChildJvm.command(List.of("-XX:-CreateCoredumpOnCrash", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto"), LogKillChild.class, args.toArray(String[]::new));
        return new ProcessBuilder(command).redirectError(err.toFile()).start();
    }

    /** Reads the child's lines as they come: the highest durable offset, the number of acks, the end it opened at. */
    private static final class ChildOutput implements Runnable {
        final AtomicLong durable = new AtomicLong(-1);
        final AtomicInteger acks = new AtomicInteger();
        final Thread thread;
        private final Process child;
        private final String what;
        volatile long opened = -1;
        volatile boolean idle;
        volatile boolean ended;
        volatile String problem;

        ChildOutput(Process child, String what) {
            this.child = child;
            this.what = what;
            this.thread = Thread.ofPlatform().daemon().start(this);
        }

        @Override
        public void run() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("opened ")) {
                        opened = Long.parseLong(line.substring("opened ".length()));
                    } else if (line.startsWith("durable ")) {
                        long offset = Long.parseLong(line.substring("durable ".length()));
                        if (offset <= durable.get()) {
                            problem = what + ": durable offsets went from " + durable.get() + " to " + offset;
                        }
                        durable.set(offset);
                        acks.incrementAndGet();
                    } else if (line.startsWith("idle ")) {
                        idle = true;
                    } else if (!line.isEmpty()) {
                        // a line torn by the kill is the last one; anything else is unexpected
                        problem = what + ": unexpected line from the child: " + line;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // a line cut by the kill; lines before it were read
            } finally {
                ended = true;
            }
        }
    }

    private static String stderr(Path err) {
        try {
            return "\n--- child stderr ---\n" + String.join("\n", Files.readAllLines(err).stream().limit(40).toList());
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir) || LogTesting.fileNames(dir).stream().noneMatch(n -> n.endsWith(".log"))) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
