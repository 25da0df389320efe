package dev.sluice.log;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stateful properties: random sequences of appends (single records and batches, 0-byte records,
 * near-maxBatchBytes batches that force rolls), flushes, clean reopens, crashes (the directory
 * copied as it is on disk, i.e. in the page cache, which is what a kill -9 leaves; optionally with
 * the active segment torn at a random byte) and reads from random offsets, checked after every
 * action against an in-memory model: a list of payloads and the first retained offset.
 *
 * <p>Plain JUnit 5: the action sequences come from a seeded {@link Random}. Each of the two
 * factories (without and with retention) runs {@code sluice.stateful.tries} tries (default
 * {@value #DEFAULT_TRIES}) of up to {@code sluice.stateful.actions} actions (default
 * {@value #DEFAULT_ACTIONS}); try {@code i} uses seed {@code sluice.stateful.seed + i} (default
 * base {@value #DEFAULT_SEED}) and is named after it. For a longer run:
 * <pre>
 * mvn test -Dtest=LogStatefulTest -Dsluice.stateful.tries=2000
 * </pre>
 * A failure reports its seed, the actions executed up to the failure, and the shortest failing
 * sequence found by dropping actions one at a time; replay it with
 * {@code -Dsluice.stateful.seed=<seed> -Dsluice.stateful.tries=1} (and the same
 * {@code sluice.stateful.actions}).
 */
class LogStatefulTest {
    static final int DEFAULT_TRIES = 50;
    static final int DEFAULT_ACTIONS = 40;
    static final long DEFAULT_SEED = 20_240_601L;
    static final int TRIES = Integer.getInteger("sluice.stateful.tries", DEFAULT_TRIES);
    static final int MAX_ACTIONS = Integer.getInteger("sluice.stateful.actions", DEFAULT_ACTIONS);
    static final long BASE_SEED = Long.getLong("sluice.stateful.seed", DEFAULT_SEED);
    /** Re-runs spent at most on shrinking one failure. */
    static final int SHRINK_BUDGET = 500;

    static final int MAX_BATCH_BYTES = 4096;
    /** Two near-max batches fill a segment, so rolls happen every few actions. */
    static final LogConfig CONFIG = LogConfig.builder().segmentBytes(2 * MAX_BATCH_BYTES).maxBatchBytes(MAX_BATCH_BYTES)
            .indexIntervalBytes(512).durability(Durability.none()).build();
    static final long RETENTION_BYTES = CONFIG.segmentBytes() + CONFIG.segmentBytes() / 2;
    static final LogConfig RETAINING = CONFIG.toBuilder().retention(RETENTION_BYTES, null).build();

    /** Shows that the sequences reach what they are meant to: rolls, retention, torn crashes. */
    private static final AtomicLong RUNS = new AtomicLong();
    private static final AtomicLong ROLLED = new AtomicLong();
    private static final AtomicLong RETAINED = new AtomicLong();
    private static final AtomicLong TORN = new AtomicLong();

    @TestFactory
    Stream<DynamicTest> logEqualsModel() {
        return tries("log equals model", CONFIG);
    }

    @TestFactory
    Stream<DynamicTest> logWithRetentionEqualsModel() {
        return tries("retained log equals model", RETAINING);
    }

    @AfterAll
    static void statistics() {
        System.out.printf("LogStatefulTest: %d sequences, %d ended with more than one segment, %d had retention move"
                + " the start offset, %d lost records to torn crashes (seeds %d..%d, %d actions at most)%n",
                RUNS.get(), ROLLED.get(), RETAINED.get(), TORN.get(), BASE_SEED, BASE_SEED + TRIES - 1, MAX_ACTIONS);
    }

    private static Stream<DynamicTest> tries(String property, LogConfig config) {
        return IntStream.range(0, TRIES).mapToObj(i -> {
            long seed = BASE_SEED + i;
            return DynamicTest.dynamicTest("seed " + seed, () -> runTry(property, config, seed));
        });
    }

    // ---------------------------------------------------------------- running and shrinking

    /** One action of a sequence: what it does to the harness, and how it is reported. */
    record Step(String description, Consumer<Harness> action) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** How a sequence ended: the index of the failing step and its failure, or -1 and null. */
    record Outcome(int failedAt, Throwable failure, Harness harness) {
        boolean failed() {
            return failure != null;
        }
    }

    private static void runTry(String property, LogConfig config, long seed) {
        List<Step> steps = generate(new Random(seed));
        Outcome outcome = run(config, steps);
        if (!outcome.failed()) {
            Harness h = outcome.harness();
            RUNS.incrementAndGet();
            if (h.segmentCount > 1) {
                ROLLED.incrementAndGet();
            }
            if (h.start > 0) {
                RETAINED.incrementAndGet();
            }
            if (h.tornRecords > 0) {
                TORN.incrementAndGet();
            }
            return;
        }
        List<Step> executed = steps.subList(0, outcome.failedAt() + 1);
        List<Step> shortest = shrink(config, executed);
        Outcome shrunk = run(config, shortest);
        StringBuilder message = new StringBuilder()
                .append(property).append(" failed with seed ").append(seed).append(" at action ")
                .append(outcome.failedAt() + 1).append(" of ").append(steps.size()).append('\n')
                .append("  actions executed: ").append(executed).append('\n')
                .append("  failure: ").append(outcome.failure()).append('\n')
                .append("  shortest failing sequence (").append(shortest.size()).append(" actions): ").append(shortest)
                .append('\n')
                .append("  its failure: ").append(shrunk.failure()).append('\n')
                .append("  replay: mvn test -Dtest=LogStatefulTest -Dsluice.stateful.seed=").append(seed)
                .append(" -Dsluice.stateful.tries=1 -Dsluice.stateful.actions=").append(MAX_ACTIONS);
        throw new AssertionError(message.toString(), outcome.failure());
    }

    /** Runs the steps on a fresh log, checking it after each, and throws its directory away. */
    private static Outcome run(LogConfig config, List<Step> steps) {
        Harness h = new Harness(config);
        int at = -1;
        try {
            for (at = 0; at < steps.size(); at++) {
                steps.get(at).action().accept(h);
                h.check();
            }
            h.segmentCount = h.log.segments().size();
            return new Outcome(-1, null, h);
        } catch (Throwable t) {
            return new Outcome(at, t, h);
        } finally {
            try {
                h.destroy();
            } catch (IOException | RuntimeException e) {
                // a log left broken by the failure: the failure is what matters
            }
        }
    }

    /** Drops single actions, one at a time, while the sequence still fails (any failure). */
    private static List<Step> shrink(LogConfig config, List<Step> failing) {
        List<Step> best = new ArrayList<>(failing);
        int budget = SHRINK_BUDGET;
        boolean progress = true;
        while (progress && budget > 0) {
            progress = false;
            for (int i = best.size() - 1; i >= 0 && budget > 0; i--) {
                List<Step> candidate = new ArrayList<>(best);
                candidate.remove(i);
                budget--;
                Outcome o = run(config, candidate);
                if (o.failed()) {
                    best = new ArrayList<>(candidate.subList(0, o.failedAt() + 1));
                    progress = true;
                    i = Math.min(i, best.size());
                }
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- actions

    /** Up to {@link #MAX_ACTIONS} actions, drawn with the weights 6:3:2:1:2:2:3. */
    static List<Step> generate(Random rnd) {
        int length = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(MAX_ACTIONS) : MAX_ACTIONS;
        List<Step> steps = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            int pick = rnd.nextInt(19);
            if (pick < 6) {
                steps.add(appendOne(rnd));
            } else if (pick < 9) {
                steps.add(appendBatch(rnd));
            } else if (pick < 11) {
                steps.add(appendNearMax(rnd));
            } else if (pick < 12) {
                steps.add(new Step("flush", Harness::flush));
            } else if (pick < 14) {
                steps.add(new Step("reopen", Harness::reopen));
            } else if (pick < 16) {
                steps.add(crash(rnd));
            } else {
                steps.add(read(rnd));
            }
        }
        return steps;
    }

    private static int between(Random rnd, int min, int max) {
        return min + rnd.nextInt(max - min + 1);
    }

    /** 0 bytes (2 in 10), 1-64 (5 in 10), 65-1500 (3 in 10). */
    private static int recordSize(Random rnd) {
        int pick = rnd.nextInt(10);
        return pick < 2 ? 0 : pick < 7 ? between(rnd, 1, 64) : between(rnd, 65, 1500);
    }

    /** A fraction in [0, 1] with three decimals. */
    private static double fraction(Random rnd) {
        return rnd.nextInt(1001) / 1000.0;
    }

    private static Step appendOne(Random rnd) {
        int size = recordSize(rnd);
        return new Step("append(" + size + ")", h -> h.append(List.of(size)));
    }

    private static Step appendBatch(Random rnd) {
        int n = between(rnd, 1, 8);
        List<Integer> sizes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sizes.add(between(rnd, 0, 400));
        }
        List<Integer> fixed = List.copyOf(sizes);
        return new Step("appendBatch(" + fixed + ")", h -> h.append(fixed));
    }

    /** One record making a batch of maxBatchBytes minus 0-63 bytes: the next append rolls. */
    private static Step appendNearMax(Random rnd) {
        int slack = between(rnd, 0, 63);
        int size = MAX_BATCH_BYTES - Batch.HEADER_BYTES - Batch.RECORD_OVERHEAD - slack;
        return new Step("append(" + size + ")", h -> h.append(List.of(size)));
    }

    /** A crash, half the time with the active segment cut at a random fraction of its size. */
    private static Step crash(Random rnd) {
        double keep = rnd.nextBoolean() ? 1.0 : fraction(rnd);
        return new Step(keep == 1.0 ? "crash" : "crash(tear at " + keep + ")", h -> h.crash(keep));
    }

    private static Step read(Random rnd) {
        double at = fraction(rnd);
        return new Step("read(from " + at + " of the log)", h -> h.read(at));
    }

    // ---------------------------------------------------------------- the system and its model

    /** A log in a temporary directory, and what it must hold. */
    static final class Harness {
        private final LogConfig config;
        private final Path root;
        private Path dir;
        private Log log;
        private int generation;
        /** The model: every record ever appended and not lost to a torn crash, by offset. */
        private final List<byte[]> records = new ArrayList<>();
        /** The offset after each batch, in order (to know which records a torn tail loses). */
        private final List<Long> batchEnds = new ArrayList<>();
        /** The first retained offset: 0, or where retention has moved it. */
        private long start;
        /** Segment sizes (by base offset) at the last check, to judge what retention deleted since. */
        private java.util.Map<Long, Long> sizes = java.util.Map.of();
        private long tornRecords;
        /** Segments at the end of a passing sequence. */
        private int segmentCount;

        Harness(LogConfig config) {
            this.config = config;
            try {
                Path shm = Path.of("/dev/shm"); // tmpfs, where fsync costs nothing, if there is one
                root = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "sluice-stateful")
                        : Files.createTempDirectory("sluice-stateful");
                dir = root.resolve("log0");
                log = Log.open(dir, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static byte[] payload(long offset, int size) {
            byte[] p = new byte[size];
            for (int i = 0; i < size; i++) {
                p[i] = (byte) (offset * 131 + i * 7);
            }
            return p;
        }

        void append(List<Integer> sizes) {
            long base = records.size();
            List<MemorySegment> payloads = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                payloads.add(MemorySegment.ofArray(payload(base + i, sizes.get(i))));
            }
            try {
                long got = sizes.size() == 1 ? log.append(payloads.getFirst()) : log.appendBatch(payloads);
                assertThat(got).as("offset of the appended batch").isEqualTo(base);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (MemorySegment p : payloads) {
                records.add(p.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
            batchEnds.add((long) records.size());
        }

        void flush() {
            try {
                log.flush();
                assertThat(log.durableOffset()).isEqualTo(records.size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void reopen() {
            try {
                log.close();
                LogVerifier.Result verified = LogVerifier.verify(dir, config);
                assertThat(verified.clean()).as("verify after a clean close: %s", verified).isTrue();
                log = Log.open(dir, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Copies the directory as it is now (page cache included: the state a kill -9 leaves),
         * optionally tearing the active segment, and continues with the copy; the old log is then
         * closed and thrown away.
         */
        void crash(double keep) {
            try {
                Path copy = root.resolve("log" + ++generation);
                Files.createDirectory(copy);
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                                && !f.getFileName().toString().equals(SegmentNames.CLEAN_SHUTDOWN)) {
                            Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                        }
                    }
                }
                long activeBase = log.segments().getLast().baseOffset();
                log.close();
                LogFuzzTest.deleteTree(dir);
                dir = copy;
                if (keep < 1.0) {
                    tear(LogTesting.segmentFile(dir, activeBase), activeBase, keep);
                }
                log = Log.open(dir, config);
                LogVerifier.Result verified = LogVerifier.verify(dir, config);
                assertThat(verified.clean()).as("verify after crash recovery: %s", verified).isTrue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Truncates the active segment at {@code keep} of its size; the model loses the batches cut. */
        private void tear(Path segment, long activeBase, double keep) throws IOException {
            List<Long> boundaries = LogTesting.batchBoundaries(segment);
            long size = boundaries.getLast();
            long cut = (long) (size * keep);
            LogTesting.truncate(segment, cut);
            int kept = 0;
            for (int i = 1; i < boundaries.size(); i++) {
                if (boundaries.get(i) <= cut) {
                    kept++;
                }
            }
            List<Long> activeEnds = batchEnds.stream().filter(e -> e > activeBase).toList();
            assertThat(activeEnds).as("batches in the active segment").hasSize(boundaries.size() - 1);
            long end = kept == 0 ? activeBase : activeEnds.get(kept - 1);
            tornRecords += records.size() - end;
            records.subList((int) end, records.size()).clear();
            batchEnds.removeIf(e -> e > end);
        }

        void read(double at) {
            long from = start + (long) Math.floor(at * (records.size() - start));
            checkFrom(from);
        }

        /** After every action: offsets, retention, and the records from the start, the middle and the end. */
        void check() {
            assertThat(log.endOffset()).as("end offset").isEqualTo(records.size());
            long logStart = log.startOffset();
            if (config.retentionBytes() == 0) {
                assertThat(logStart).as("start offset without retention").isZero();
            } else {
                assertThat(logStart).as("start offset never moves back").isGreaterThanOrEqualTo(start);
                long sealedBytes = log.segments().stream().filter(s -> !s.active()).mapToLong(SegmentInfo::sizeBytes).sum();
                assertThat(sealedBytes).as("sealed bytes kept under retention").isLessThanOrEqualTo(config.retentionBytes());
                if (logStart > start) {
                    // not too eager: an action rolls at most once, and retention stops as soon as the
                    // log fits, so without the last segment it deleted the log was still too big
                    long lastDeleted = sizes.keySet().stream().filter(b -> b < logStart).max(Long::compare).orElseThrow();
                    assertThat(sealedBytes + sizes.get(lastDeleted)).as("bytes before retention deleted segment %d",
                            lastDeleted).isGreaterThan(config.retentionBytes());
                }
            }
            sizes = log.segments().stream().collect(java.util.stream.Collectors.toMap(SegmentInfo::baseOffset,
                    SegmentInfo::sizeBytes));
            assertThat(logStart).isLessThanOrEqualTo(records.size());
            start = logStart;
            checkFrom(start);
            checkFrom(start + (records.size() - start) / 2);
            checkFrom(records.size());
        }

        private void checkFrom(long from) {
            try {
                List<LogRecord> got = LogTesting.readAll(log, from);
                assertThat(got).as("records read from %d", from).hasSize((int) (records.size() - from));
                for (int i = 0; i < got.size(); i++) {
                    LogRecord r = got.get(i);
                    assertThat(r.offset()).isEqualTo(from + i);
                    assertThat(r.payload()).as("payload of record %d", r.offset()).isEqualTo(records.get((int) r.offset()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void destroy() throws IOException {
            try {
                log.close();
            } finally {
                LogFuzzTest.deleteTree(root);
            }
        }

        @Override
        public String toString() {
            return "log of " + records.size() + " records from " + start + " in " + dir;
        }
    }
}
