package dev.sluice.log;

import dev.sluice.log.CrashSimulation.Recording;
import dev.sluice.log.CrashSimulation.Result;
import dev.sluice.sys.RecordingLibc.Op;
import dev.sluice.sys.RecordingLibc.SyncDir;
import dev.sluice.sys.RecordingLibc;
import dev.sluice.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static dev.sluice.log.CrashSimulation.ROUNDS;
import static dev.sluice.log.CrashSimulation.SEED;
import static dev.sluice.log.CrashSimulation.STATES_PER_POINT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A power-loss simulator. The log runs a workload (appends across segment rolls, retention, a clean
 * close and a reopen) through a {@link RecordingLibc}, which records every call that changes what is
 * on disk and every durability point. Then, at each durability point (just before each fsync/fdatasync,
 * and just after each acknowledgement), {@link CrashStateBuilder} draws crash states: the durable
 * prefix plus random subsets of the writes and directory entries not yet synced, the last write kept
 * possibly torn at a block boundary. Each state is written to a fresh directory and opened with the
 * real kernel (recovery), and must satisfy:
 * <ul>
 * <li>G1: every record acknowledged as durable (by the durable offset) survives, byte for byte;</li>
 * <li>G2: recovery yields a contiguous run of offsets, each record exactly what was appended at that
 *     offset (no gaps, duplicates or garbage), ending at or after the acknowledged offset, and starting
 *     no later than the log started at that point (only retention may remove records at the front).</li>
 * </ul>
 * Reproducible from {@code -Dsluice.powerloss.seed=S}; {@code -Dsluice.powerloss.states=K} draws K states
 * per point (default 10) and {@code -Dsluice.powerloss.rounds=R} R workloads per scenario (default 1) for a
 * longer run. Workloads differ by I/O mode, by durability (a sync per append, or group commit), and by
 * retention: steady (one segment deleted per roll), cut at a reopen or by age so that one roll deletes
 * several segments. The self-tests run a log with its directory fsyncs swallowed, all of them or only
 * retention's, and must find violations.
 */
class PowerLossTest {
    private static final AtomicLong CHECKED = new AtomicLong();

    @TempDir
    Path tempDir;
    /** Where logs and crash states are written: tmpfs if there is one (no disk syncs), else the temp dir. */
    Path root;

    @BeforeEach
    void chooseRoot() throws IOException {
        root = CrashSimulation.scratchRoot(tempDir, "sluice-powerloss-");
    }

    @AfterEach
    void removeRoot() throws IOException {
        CrashSimulation.removeScratchRoot(root, tempDir);
    }

    /** How retention deletes segments in a workload. */
    enum Retention {
        /** 160 KiB throughout: each roll deletes one segment at most. */
        STEADY,
        /**
         * No limit in the first session, then 96 KiB from the first reopen on: the first roll after it
         * deletes several segments at once.
         */
        CUT,
        /**
         * By age ({@value #AGE_MILLIS} ms) only, with a pause of more than that before each reopen: the
         * first roll after it deletes every segment the session before sealed.
         */
        AGE;

        static final long AGE_MILLIS = 700;

        LogConfig.Builder apply(LogConfig.Builder b, int session) {
            return switch (this) {
                case STEADY -> b.retention(160 * 1024, null);
                case CUT -> b.retention(session == 0 ? 0 : 96 * 1024, null);
                case AGE -> b.retention(0, Duration.ofMillis(AGE_MILLIS));
            };
        }
    }

    /** How the workload makes records durable, and how retention deletes. */
    enum Scenario {
        /** fdatasync after every append. */
        PWRITE_EVERY_APPEND(IoMode.PWRITE, true, Retention.STEADY),
        /** Group commit by explicit flush() every few appends: unsynced writes pile up between. */
        PWRITE_FLUSH(IoMode.PWRITE, false, Retention.STEADY),
        DIRECT_EVERY_APPEND(IoMode.DIRECT, true, Retention.STEADY),
        DIRECT_FLUSH(IoMode.DIRECT, false, Retention.STEADY),
        /** One roll deletes several segments: each unlink must be durable before the next (no gap). */
        PWRITE_RETENTION_CUT(IoMode.PWRITE, true, Retention.CUT),
        DIRECT_FLUSH_RETENTION_CUT(IoMode.DIRECT, false, Retention.CUT),
        PWRITE_RETENTION_AGE(IoMode.PWRITE, true, Retention.AGE);

        final IoMode ioMode;
        final boolean everyAppend;
        final Retention retention;

        Scenario(IoMode ioMode, boolean everyAppend, Retention retention) {
            this.ioMode = ioMode;
            this.everyAppend = everyAppend;
            this.retention = retention;
        }

        /** The configuration of the last session, which crash states are recovered with. */
        LogConfig config() {
            return config(LogFormat.SLUICE);
        }

        LogConfig config(LogFormat format) {
            return config(format, 2);
        }

        LogConfig config(int session) {
            return config(LogFormat.SLUICE, session);
        }

        LogConfig config(LogFormat format, int session) {
            // INTERVAL of a day: the flusher never syncs on its own, so the syscall order is deterministic
            LogConfig.Builder b = LogTesting.small(format).toBuilder().ioMode(ioMode)
                    .durability(everyAppend ? Durability.everyAppend() : Durability.every(Duration.ofDays(1)));
            return retention.apply(b, session).build();
        }
    }

    @AfterAll
    static void report() {
        System.out.println("power-loss: " + CHECKED.get() + " crash states checked, seed " + SEED + " (-Dsluice.powerloss.seed="
                + SEED + " -Dsluice.powerloss.states=" + STATES_PER_POINT + " -Dsluice.powerloss.rounds=" + ROUNDS + ")");
    }

    /**
     * Every scenario in sluice's format; in Kafka's (v2 batches, .index and .timeindex written at each
     * seal) the group-commit ones, which leave the most unsynced writes to mix, and retention cut
     * (several segments and their indexes deleted at one roll): the sync-per-append ones cost twice as
     * much and differ from them only in how little can be lost. {@code -Dsluice.powerloss.kafka=all}
     * runs every scenario in both.
     */
    static Stream<Arguments> scenarios() {
        boolean all = "all".equals(System.getProperty("sluice.powerloss.kafka"));
        Stream<Arguments> sluice = Stream.of(Scenario.values()).map(s -> Arguments.of(s, LogFormat.SLUICE));
        Stream<Arguments> kafka = Stream.of(Scenario.values())
                .filter(s -> all || !s.everyAppend || s.retention == Retention.CUT)
                .map(s -> Arguments.of(s, LogFormat.KAFKA));
        return Stream.concat(sluice, kafka);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("scenarios")
    void everyCrashStateRecoversEveryAcknowledgedRecord(Scenario scenario, LogFormat format) throws IOException {
        for (int round = 0; round < ROUNDS; round++) {
            long seed = SEED * 31 + scenario.ordinal() + 1000L * round + 100L * format.ordinal();
            Recording recording = record(scenario, format, seed, RecordingLibc.DirectorySyncs.KEEP);
            Result result = new CrashSimulation(root).simulate(recording, new CrashStateBuilder(recording.dir()),
                    scenario.config(format), seed, STATES_PER_POINT, 1);
            CHECKED.addAndGet(result.statesChecked());
            System.out.println("power-loss " + scenario + " " + format + " round " + round + ": " + result.points() + " points, "
                    + result.statesChecked() + " distinct crash states checked, workload seed " + seed);
            assertThat(result.violations()).as("violations (-Dsluice.powerloss.seed=%d, %s, %s, round %d)", SEED, scenario,
                    format, round).isEmpty();
            assertThat(result.statesChecked()).isGreaterThan(100);
            CrashSimulation.deleteTree(root);
            Files.createDirectories(root);
        }
    }

    /** A log variant that never syncs its directory: a segment whose name never became durable may vanish. */
    @Test
    void catchesALogThatSkipsTheDirectoryFsync() throws IOException {
        long seed = SEED * 31 + 99;
        Scenario scenario = Scenario.PWRITE_EVERY_APPEND;
        Recording recording = record(scenario, seed, RecordingLibc.DirectorySyncs.DROP_ALL);
        assertThat(recording.ops()).noneMatch(op -> op instanceof SyncDir);
        Result result = new CrashSimulation(root).simulate(recording, new CrashStateBuilder(recording.dir()), scenario.config(), seed, STATES_PER_POINT, 10);
        CHECKED.addAndGet(result.statesChecked());
        System.out.println("power-loss self-test: " + result.violations().size() + " violations in "
                + result.statesChecked() + " crash states; first: "
                + (result.violations().isEmpty() ? "none" : result.violations().getFirst().lines().findFirst().orElse("")));
        assertThat(result.violations()).as("violations found in the variant without directory fsync").isNotEmpty();
        assertThat(result.violations()).anyMatch(v -> v.startsWith("G1"));
    }

    /**
     * A log variant whose retention does not sync the directory after deleting (the others still do):
     * when one roll deletes several segments, a crash may keep a later unlink and lose an earlier one,
     * and recovery then finds a gap between the segments left.
     */
    @Test
    void catchesRetentionThatSkipsTheDirectoryFsync() throws IOException {
        long seed = SEED * 31 + 98;
        Scenario scenario = Scenario.PWRITE_RETENTION_CUT;
        Recording recording = record(scenario, seed, RecordingLibc.DirectorySyncs.DROP_AFTER_DELETES);
        Result result = new CrashSimulation(root).simulate(recording, new CrashStateBuilder(recording.dir()), scenario.config(), seed, STATES_PER_POINT, 3);
        CHECKED.addAndGet(result.statesChecked());
        System.out.println("power-loss retention self-test: " + result.violations().size() + " violations in "
                + result.statesChecked() + " crash states; first: "
                + (result.violations().isEmpty() ? "none" : result.violations().getFirst().lines().findFirst().orElse("")));
        assertThat(result.violations()).as("violations found in the variant whose retention skips the directory fsync")
                .anyMatch(v -> v.contains("but the segment before it ends at"));
    }

    // ---- the workload ----

    private Recording record(Scenario scenario, long seed, RecordingLibc.DirectorySyncs directorySyncs)
            throws IOException {
        return record(scenario, LogFormat.SLUICE, seed, directorySyncs);
    }

    private Recording record(Scenario scenario, LogFormat format, long seed, RecordingLibc.DirectorySyncs directorySyncs)
            throws IOException {
        Path dir = root.resolve("log");
        Files.createDirectory(dir);
        Random random = new Random(seed);
        List<byte[]> payloads = new ArrayList<>();
        RecordingLibc recorder = LogTesting.recorder(directorySyncs);
        for (int session = 0; session < 3; session++) {
            if (session > 0 && scenario.retention == Retention.AGE) {
                pause(Retention.AGE_MILLIS + 100); // every segment sealed so far is now too old
            }
            try (Log log = Log.open(dir, scenario.config(format, session), recorder.kernel())) {
                log.onDurable(recorder::ack);
                int appends = 120 + random.nextInt(40);
                for (int i = 0; i < appends; i++) {
                    int records = random.nextInt(5) == 0 ? 2 + random.nextInt(4) : 1;
                    List<MemorySegment> batch = new ArrayList<>();
                    for (int r = 0; r < records; r++) {
                        byte[] payload = TestData.randomBytes(random, random.nextInt(records == 1 ? 3500 : 800));
                        batch.add(MemorySegment.ofArray(payload));
                        payloads.add(payload);
                    }
                    assertThat(log.appendBatch(batch)).isEqualTo(payloads.size() - records);
                    if (!scenario.everyAppend && random.nextInt(6) == 0) {
                        log.flush();
                    }
                }
                assertThat(log.durableOffset()).isLessThanOrEqualTo(payloads.size());
            }
        }
        assertThat(recorder.unsupported()).as("calls the recorder cannot model").isEmpty();
        if (directorySyncs != RecordingLibc.DirectorySyncs.KEEP) {
            assertThat(recorder.droppedDirectorySyncs()).isPositive();
        }
        List<Op> ops = recorder.ops();
        if (scenario.retention != Retention.STEADY) {
            assertThat(mostSegmentsDeletedAtOnce(dir.toString(), ops))
                    .as("segments one roll deleted, at most (the workload is meant to delete several)")
                    .isGreaterThanOrEqualTo(2);
        }
        return new Recording(dir.toString(), ops, payloads);
    }

    /** The largest number of segment files unlinked between two segment creations (rolls). */
    static int mostSegmentsDeletedAtOnce(String dir, List<Op> ops) {
        int most = 0;
        int run = 0;
        for (Op op : ops) {
            if (op instanceof RecordingLibc.Create c && c.dir().equals(dir) && SegmentNames.parseLog(c.name()).isPresent()) {
                run = 0;
            } else if (op instanceof RecordingLibc.Unlink u && u.dir().equals(dir)
                    && SegmentNames.parseLog(u.name()).isPresent()) {
                most = Math.max(most, ++run);
            }
        }
        return most;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
