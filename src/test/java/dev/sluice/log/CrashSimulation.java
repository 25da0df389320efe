package dev.sluice.log;

import dev.sluice.log.CrashStateBuilder.CrashState;
import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.Kernel;
import dev.sluice.sys.RecordingLibc.Ack;
import dev.sluice.sys.RecordingLibc.Op;
import dev.sluice.sys.RecordingLibc.SyncDir;
import dev.sluice.sys.RecordingLibc.SyncFile;
import dev.sluice.sys.Syscall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checking half of the power-loss simulator ({@link PowerLossTest}, {@link PowerLossAgainTest}):
 * walks a recording, draws crash states at its durability points with a {@link CrashStateBuilder},
 * writes each to a fresh directory under {@code root}, recovers it with the real kernel (its syncs skipped)
 * and checks G1 and G2 against the recording's payloads and acknowledgements.
 */
final class CrashSimulation {
    /** The simulator's knobs, shared by its tests: {@code -Dsluice.powerloss.seed}, {@code .states}, {@code .rounds}. */
    static final long SEED = Long.getLong("sluice.powerloss.seed", 20261126L);
    /** Crash states drawn per durability point. */
    static final int STATES_PER_POINT = Integer.getInteger("sluice.powerloss.states", 10);
    /** Workloads per scenario, each from its own seed: the way to scale up (states per point saturate soon). */
    static final int ROUNDS = Integer.getInteger("sluice.powerloss.rounds", 1);

    static {
        // recovery warns about every torn tail it cuts: thousands of lines here (works unless another
        // test of this JVM loaded LogRecovery first)
        System.setProperty("org.slf4j.simpleLogger.log.dev.sluice.log.LogRecovery", "error");
    }

    /** Where logs and crash states are written: a new directory on tmpfs if there is one (no disk syncs), else {@code tempDir}. */
    static Path scratchRoot(Path tempDir, String prefix) throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, prefix) : tempDir;
    }

    /** Removes what {@link #scratchRoot} made ({@code tempDir} is JUnit's to remove). */
    static void removeScratchRoot(Path root, Path tempDir) throws IOException {
        if (!root.equals(tempDir)) {
            deleteTree(root);
        }
    }
    /** A recorded workload: the log's directory as the recorder saw it, operations, and payloads by offset. */
    record Recording(String dir, List<Op> ops, List<byte[]> payloads) {
    }

    /** What the simulation found. */
    record Result(long points, long statesChecked, List<String> violations) {
    }

    private final Path root;

    CrashSimulation(Path root) {
        this.root = root;
    }

    /**
     * Walks the recorded operations; at each durability point draws {@code statesPerPoint} crash states
     * and checks each distinct one, until {@code maxViolations} are found. {@code builder} holds what
     * was on disk before the recording started (nothing, for a new log), and is fed the operations.
     */
    Result simulate(Recording recording, CrashStateBuilder builder, LogConfig config, long seed, int statesPerPoint,
                    int maxViolations) throws IOException {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        Set<String> seen = new HashSet<>();
        List<String> violations = new ArrayList<>();
        List<Op> ops = recording.ops();
        long points = 0;
        long checked = 0;
        for (int i = 0; i <= ops.size() && violations.size() < maxViolations; i++) {
            Op op = i < ops.size() ? ops.get(i) : null;
            if (isPoint(ops, i)) {
                points++;
                // with nothing that may be lost, one state is all there is
                int draws = builder.hasPending() ? statesPerPoint : 1;
                for (int k = 0; k < draws && violations.size() < maxViolations; k++) {
                    CrashState state = builder.crashState(random);
                    if (!seen.add(builder.acked() + "|" + state.key())) {
                        continue;
                    }
                    checked++;
                    String violation = check(recording, config, builder, state, checked);
                    if (violation != null) {
                        violations.add(violation + "\n  at op #" + i + " of " + ops.size() + " (next: "
                                + (op == null ? "end" : CrashStateBuilder.describe(op)) + "), acked " + builder.acked()
                                + ", seed " + seed + "\n  crash state: " + state.description());
                    }
                }
            }
            if (op != null) {
                builder.apply(op);
            }
        }
        return new Result(points, checked, violations);
    }

    /** Materializes {@code state}, recovers it with the real kernel, and returns the violation found, or null. */
    private String check(Recording recording, LogConfig config, CrashStateBuilder builder, CrashState state, long n)
            throws IOException {
        Path dir = root.resolve("crash-" + n);
        Files.createDirectory(dir);
        try {
            materialize(state, dir);
            long acked = builder.acked();
            long startBound = builder.currentEntries().keySet().stream()
                    .map(SegmentNames::parseLog).filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong)
                    .min().orElse(0);
            List<LogRecord> records;
            long start;
            long end;
            // the crash state itself never crashes: its syncs are skipped, to keep the run short
            try (Log log = Log.open(dir, config, withoutSyncs())) {
                start = log.startOffset();
                end = log.endOffset();
                records = LogTesting.readAll(log, start);
            } catch (IOException | RuntimeException e) {
                return (acked > 0 ? "G1" : "G2") + ": recovery failed: " + e;
            }
            if (end < acked) {
                return "G1: recovered up to offset " + end + " but " + acked + " were acknowledged durable";
            }
            if (start > startBound) {
                return "G1: recovered from offset " + start + " but the log started at " + startBound
                        + " and " + acked + " were acknowledged";
            }
            if (records.size() != end - start) {
                return "G2: " + records.size() + " records read between offsets " + start + " and " + end;
            }
            for (int r = 0; r < records.size(); r++) {
                LogRecord record = records.get(r);
                long offset = start + r;
                if (record.offset() != offset) {
                    return "G2: record " + r + " has offset " + record.offset() + ", expected " + offset;
                }
                if (offset >= recording.payloads().size()) {
                    return "G2: record at offset " + offset + " was never appended";
                }
                if (!java.util.Arrays.equals(record.payload(), recording.payloads().get((int) offset))) {
                    return (offset < acked ? "G1" : "G2") + ": the payload of offset " + offset + " differs from what was appended";
                }
            }
            return null;
        } finally {
            deleteTree(dir);
        }
    }

    /** The system's kernel with fsync and fdatasync made no-ops. */
    private static Kernel withoutSyncs() {
        return FaultInjector.system().skip(Syscall.FSYNC).skip(Syscall.FDATASYNC).kernel();
    }

    /**
     * Whether a crash is simulated just before operation {@code i}: just before a sync (everything since
     * the last one may be lost), just after an acknowledgement (the strongest promise for what is on disk
     * then), and at the very end ({@code i == ops.size()}).
     */
    static boolean isPoint(List<Op> ops, int i) {
        Op op = i < ops.size() ? ops.get(i) : null;
        return op == null || op instanceof SyncFile || op instanceof SyncDir || (i > 0 && ops.get(i - 1) instanceof Ack);
    }

    /** Writes the files of {@code state} into the (existing, empty) directory {@code dir}. */
    static void materialize(CrashState state, Path dir) throws IOException {
        for (Map.Entry<String, byte[]> file : state.files().entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
