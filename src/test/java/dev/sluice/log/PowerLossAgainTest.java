package dev.sluice.log;

import dev.sluice.log.CrashSimulation.Recording;
import dev.sluice.log.CrashSimulation.Result;
import dev.sluice.log.CrashStateBuilder.CrashState;
import dev.sluice.sys.RecordingLibc.Ack;
import dev.sluice.sys.RecordingLibc.Op;
import dev.sluice.sys.RecordingLibc;
import dev.sluice.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

import static dev.sluice.log.CrashSimulation.ROUNDS;
import static dev.sluice.log.CrashSimulation.SEED;
import static dev.sluice.log.CrashSimulation.STATES_PER_POINT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Power loss, recovery, more appends, and power loss again. A workload is recorded as in
 * {@link PowerLossTest}; crash states are drawn along it; a few of them are written out, and the log is
 * recovered from each and appended to, under a new {@link RecordingLibc} that knows the files already
 * there; then crash states of that second recording are checked like any other (G1 and G2, the records
 * the first recovery kept counting as acknowledged).
 *
 * <p>What this catches that one crash does not: whatever the first recovery leaves on disk. A recovery
 * that finds the end of the valid batches but does not cut the file there leaves the torn tail in place,
 * and the log then writes new batches over its start. Where the tail held whole batches after a lost
 * one (writes reach the disk out of order), a new batch of the same size makes them line up again, and
 * the next crash brings back records the log never appended at those offsets. The workload's records
 * are therefore all one size (in both formats, each run with its own recording), and the first crash states are chosen mostly among those whose torn tail
 * hides such whole batches.
 *
 * <p>{@code -Dsluice.powerloss.continuations=C} recovers from C first crash states per round (default 6);
 * {@code sluice.powerloss.seed}, {@code .states} and {@code .rounds} are those of {@link PowerLossTest}.
 */
class PowerLossAgainTest {
    private static final int CONTINUATIONS = Integer.getInteger("sluice.powerloss.continuations", 6);
    /**
     * Crash states per point, {@code -Dsluice.powerloss.again.states} (default: PowerLossTest's). The
     * mutation profile keeps this at 10 while it lightens PowerLossTest: at fewer, a recovery whose
     * cut of the torn tail is not synced survives (docs/TESTING.md).
     */
    private static final int STATES = Integer.getInteger("sluice.powerloss.again.states", STATES_PER_POINT);
    private static final int PAYLOAD_BYTES = 1000;

    @TempDir
    Path tempDir;
    Path root;

    @BeforeEach
    void chooseRoot() throws IOException {
        root = CrashSimulation.scratchRoot(tempDir, "sluice-powerloss-again-");
    }

    @AfterEach
    void removeRoot() throws IOException {
        CrashSimulation.removeScratchRoot(root, tempDir);
    }

    /** Group commit by explicit flush(), so several writes are unsynced at once and may reach the disk out of order. */
    static LogConfig config(LogFormat format) {
        return LogTesting.small(format).toBuilder().ioMode(IoMode.PWRITE).retention(160 * 1024, null)
                .durability(Durability.every(Duration.ofDays(1))).build();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogFormat.class)
    void everyCrashStateAfterARecoveredCrashRecoversEveryAcknowledgedRecord(LogFormat format) throws IOException {
        for (int round = 0; round < ROUNDS; round++) {
            long seed = SEED * 37 + 1000L * round + 7L * format.ordinal();
            Recording first = record(format, seed);
            Chosen chosen = chooseFirstCrashes(first, BatchFormat.of(format), new Random(seed ^ 0x9E3779B97F4A7C15L));
            assertThat(chosen.hiding()).as("first crash states whose torn tail hides whole batches").isPositive();
            long checked = 0;
            long points = 0;
            for (int k = 0; k < chosen.states().size(); k++) {
                Result result = continueFrom(format, first, chosen.states().get(k), k, seed + k);
                checked += result.statesChecked();
                points += result.points();
                assertThat(result.violations()).as("violations after recovering first crash state %d of round %d "
                        + "(-Dsluice.powerloss.seed=%d); first crash state: %s", k, round, SEED,
                        chosen.states().get(k).description()).isEmpty();
            }
            System.out.println("power-loss again, " + format + ", round " + round + ": " + chosen.states().size()
                    + " first crash states recovered and appended to (" + chosen.hiding()
                    + " with whole batches hidden in the torn tail), " + points + " points, " + checked
                    + " second crash states checked, workload seed " + seed);
            assertThat(checked).as("second crash states checked").isGreaterThanOrEqualTo(10L * chosen.states().size());
        }
    }

    // ---- the first workload ----

    private Recording record(LogFormat format, long seed) throws IOException {
        Path dir = root.resolve("log");
        Files.createDirectory(dir);
        Random random = new Random(seed);
        List<byte[]> payloads = new ArrayList<>();
        RecordingLibc recorder = LogTesting.recorder(RecordingLibc.DirectorySyncs.KEEP);
        try (Log log = Log.open(dir, config(format), recorder.kernel())) {
            log.onDurable(recorder::ack);
            appendSome(log, random, payloads, 150);
        }
        assertThat(recorder.unsupported()).as("calls the recorder cannot model").isEmpty();
        return new Recording(dir.toString(), recorder.ops(), payloads);
    }

    /** Appends {@code count} single-record batches of {@link #PAYLOAD_BYTES} random bytes, flushing now and then. */
    private static void appendSome(Log log, Random random, List<byte[]> payloads, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            byte[] payload = TestData.randomBytes(random, PAYLOAD_BYTES);
            assertThat(log.append(MemorySegment.ofArray(payload))).isEqualTo(payloads.size());
            payloads.add(payload);
            if (random.nextInt(5) == 0) {
                log.flush();
            }
        }
    }

    // ---- choosing where the first crash happens ----

    record Chosen(List<CrashState> states, int hiding) {
    }

    /**
     * Draws crash states at every point of {@code first}, and picks {@link #CONTINUATIONS} of them spread
     * over the workload: three in four among those whose torn tail hides whole batches, the rest among
     * the others.
     */
    private static Chosen chooseFirstCrashes(Recording first, BatchFormat format, Random random) {
        CrashStateBuilder builder = new CrashStateBuilder(first.dir());
        List<CrashState> hiding = new ArrayList<>();
        List<CrashState> others = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Op> ops = first.ops();
        for (int i = 0; i <= ops.size(); i++) {
            if (CrashSimulation.isPoint(ops, i) && builder.hasPending()) {
                for (int k = 0; k < STATES; k++) {
                    CrashState state = builder.crashState(random);
                    if (seen.add(state.key())) {
                        (hidesWholeBatches(state, format) ? hiding : others).add(state);
                    }
                }
            }
            if (i < ops.size()) {
                builder.apply(ops.get(i));
            }
        }
        int fromHiding = Math.min(hiding.size(), Math.max(1, CONTINUATIONS * 3 / 4));
        List<CrashState> chosen = new ArrayList<>(spread(hiding, fromHiding));
        chosen.addAll(spread(others, CONTINUATIONS - fromHiding));
        return new Chosen(chosen, fromHiding);
    }

    private static List<CrashState> spread(List<CrashState> from, int n) {
        List<CrashState> out = new ArrayList<>();
        for (int i = 0; i < n && !from.isEmpty(); i++) {
            out.add(from.get((int) ((long) i * from.size() / n)));
        }
        return out;
    }

    /**
     * Whether the last segment of {@code state} stops being valid somewhere and, further on, at a batch
     * boundary of this one-size workload, holds a whole valid batch with a later offset.
     */
    static boolean hidesWholeBatches(CrashState state, BatchFormat format) {
        String last = null;
        long base = -1;
        for (String name : state.files().keySet()) {
            OptionalLong b = SegmentNames.parseLog(name);
            if (b.isPresent() && b.getAsLong() > base) {
                base = b.getAsLong();
                last = name;
            }
        }
        if (last == null) {
            return false;
        }
        MemorySegment bytes = MemorySegment.ofArray(state.files().get(last));
        long size = bytes.byteSize();
        long position = 0;
        long expected = base;
        long batchBytes = -1; // every batch of the workload is one size: the first valid one says which
        while (validAt(format, bytes, position, expected)) {
            BatchHeader h = format.header(bytes.asSlice(position), position);
            batchBytes = h.size();
            position = h.end();
            expected = h.nextOffset();
        }
        if (batchBytes < 0) {
            return false;
        }
        for (long at = position + batchBytes; at + batchBytes <= size; at += batchBytes) {
            if (validAt(format, bytes, at, -1) && format.header(bytes.asSlice(at), at).baseOffset() > expected) {
                return true;
            }
        }
        return false;
    }

    private static boolean validAt(BatchFormat format, MemorySegment bytes, long position, long expectedOffset) {
        if (bytes.byteSize() - position < format.headerBytes()) {
            return false;
        }
        MemorySegment rest = bytes.asSlice(position);
        return format.headerProblem(rest, expectedOffset, rest.byteSize(), LogTesting.MAX_BATCH_BYTES) == null
                && format.bodyProblem(rest.asSlice(0, format.header(rest, position).size())) == null;
    }

    // ---- recovering, appending, and the second crash ----

    /**
     * Writes {@code crash} out, recovers the log from it and appends more under a recorder that knows the
     * files already there, then checks the crash states of that recording.
     */
    private Result continueFrom(LogFormat format, Recording first, CrashState crash, int k, long seed)
            throws IOException {
        Path dir = root.resolve("again-" + k);
        Files.createDirectory(dir);
        CrashSimulation.materialize(crash, dir);
        String dirName = dir.toString();
        RecordingLibc recorder = LogTesting.recorder(RecordingLibc.DirectorySyncs.KEEP);
        Map<String, Integer> inodes = new HashMap<>();
        for (String name : crash.files().keySet()) {
            inodes.put(name, recorder.adopt(dirName, name));
        }
        CrashStateBuilder builder = CrashStateBuilder.startingFrom(dirName, inodes, crash.files());
        Random random = new Random(seed);
        List<byte[]> payloads;
        try (Log log = Log.open(dir, config(format), recorder.kernel())) {
            assertThat(log.config().format()).as("the format recognised after the crash").isEqualTo(format);
            long start = log.startOffset();
            long end = log.endOffset();
            List<LogRecord> recovered = LogTesting.readAll(log, start);
            assertThat(recovered).as("the first recovery (PowerLossTest's ground)").hasSize((int) (end - start));
            for (LogRecord r : recovered) {
                assertThat(r.payload()).as("record %d after the first recovery", r.offset())
                        .isEqualTo(first.payloads().get((int) r.offset()));
            }
            // what the first recovery kept is on disk: a second crash must keep it too
            builder.apply(new Ack(end));
            payloads = new ArrayList<>(first.payloads().subList(0, (int) end));
            log.onDurable(recorder::ack);
            appendSome(log, random, payloads, 25 + random.nextInt(15));
        }
        assertThat(recorder.unsupported()).as("calls the recorder cannot model").isEmpty();
        Recording second = new Recording(dirName, recorder.ops(), payloads);
        try {
            return new CrashSimulation(root).simulate(second, builder, config(format), seed, STATES, 1);
        } finally {
            CrashSimulation.deleteTree(dir);
        }
    }
}
