package dev.sluice.log;

import dev.sluice.sys.Errno;
import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.Syscall;
import dev.sluice.testing.OpenDescriptors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.sluice.log.LogTesting.appendRecords;
import static dev.sluice.log.LogTesting.assertHoldsExactly;
import static dev.sluice.log.LogTesting.payload;
import static dev.sluice.log.LogTesting.readAll;
import static dev.sluice.log.LogTesting.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Durability as the log reports it (durable offset, flush, listeners), and the failed state an
 * fdatasync error puts it in (injected with a {@link FaultInjector}): nothing more is acknowledged
 * until the log is reopened, and reopening recovers every acknowledged record.
 */
@Tag("fs-matrix")
class LogDurabilityTest {
    private static final long SEED = 11;

    @TempDir
    Path dir;

    /** Every log of a test goes through it; a test that makes a sync fail adds the rule when it is time. */
    private final FaultInjector faults = FaultInjector.system();

    // 11. Durability

    @Test
    void everyAppendIsDurableWhenItReturns() throws IOException {
        LogConfig config = small().toBuilder().durability(Durability.everyAppend()).build();
        List<Long> notified = new CopyOnWriteArrayList<>();
        try (Log log = Log.open(dir, config, faults.kernel())) {
            log.onDurable(notified::add);
            for (int i = 0; i < 150; i++) {
                long offset = log.append(payload(SEED, i));
                assertThat(log.durableOffset()).isEqualTo(offset + 1).isEqualTo(log.endOffset());
            }
            long first = log.appendBatch(List.of(MemorySegment.ofArray(new byte[10]), MemorySegment.ofArray(new byte[20])));
            assertThat(log.durableOffset()).isEqualTo(first + 2).isEqualTo(log.endOffset());
            assertThat(log.segments().size()).isGreaterThan(2);
        }
        assertIncreasing(notified);
        assertThat(notified.getLast()).isEqualTo(152);
    }

    @Test
    void anIntervalMakesAppendsDurableInTheBackgroundWithoutFlush() throws Exception {
        LogConfig config = LogConfig.builder().segmentBytes(8 << 20).maxBatchBytes(16 * 1024)
                .durability(Durability.every(Duration.ofMillis(50))).build();
        List<Long> notified = new CopyOnWriteArrayList<>();
        try (Log log = Log.open(dir, config, faults.kernel())) {
            log.onDurable(notified::add);
            for (int round = 0; round < 3; round++) {
                appendRecords(log, SEED, 100);
                long end = log.endOffset();
                assertThat(log.durableOffset()).isLessThanOrEqualTo(end);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (log.durableOffset() < end && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(log.durableOffset()).as("round %d: durable within a second", round).isEqualTo(end);
            }
        }
        assertIncreasing(notified);
        assertThat(notified.getLast()).isEqualTo(300);
    }

    @Test
    void flushMakesEverythingDurable() throws IOException {
        // group commit by bytes, with a size never reached: only flush (and rolls) sync
        LogConfig config = LogConfig.builder().segmentBytes(8 << 20).maxBatchBytes(16 * 1024)
                .durability(Durability.everyBytes(DataSize.gib(1))).build();
        List<Long> notified = new CopyOnWriteArrayList<>();
        try (Log log = Log.open(dir, config, faults.kernel())) {
            log.onDurable(notified::add);
            for (int round = 1; round <= 3; round++) {
                appendRecords(log, SEED, 50);
                assertThat(log.durableOffset()).isEqualTo((round - 1) * 50L);
                log.flush();
                assertThat(log.durableOffset()).isEqualTo(log.endOffset()).isEqualTo(round * 50L);
                log.flush(); // nothing new: no change, no notification
            }
        }
        assertThat(notified).containsExactly(50L, 100L, 150L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Durability.Kind.class, names = {"EVERY_APPEND", "INTERVAL"})
    void theDurableOffsetNeverGoesBackAndListenersSeeItIncrease(Durability.Kind kind) throws Exception {
        // several appending threads, rolls (which make the sealed segment durable) and syncs all publish
        Durability durability = kind == Durability.Kind.EVERY_APPEND ? Durability.everyAppend()
                : Durability.every(Duration.ofMillis(1));
        LogConfig config = small().toBuilder().segmentBytes(16 * 1024).maxBatchBytes(4 * 1024)
                .durability(durability).build();
        List<Long> notified = new CopyOnWriteArrayList<>();
        AtomicReference<String> backwards = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Log log = Log.open(dir, config, faults.kernel())) {
            log.onDurable(notified::add);
            Future<?> watcher = pool.submit(() -> {
                long last = 0;
                while (!done.get()) {
                    long now = log.durableOffset();
                    if (now < last) {
                        backwards.compareAndSet(null, "durableOffset went from " + last + " to " + now);
                    }
                    last = now;
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 400; i++) {
                        log.append(new byte[1 + i % 1500]);
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
            log.flush();
            done.set(true);
            watcher.get(10, TimeUnit.SECONDS);
            assertThat(log.durableOffset()).isEqualTo(log.endOffset()).isEqualTo(1200);
            assertThat(log.segments().size()).isGreaterThan(10);
        } finally {
            pool.shutdownNow();
        }
        assertThat(backwards.get()).isNull();
        assertIncreasing(notified);
        assertThat(notified.getLast()).isEqualTo(1200);
    }

    @Test
    void listenersSeeIncreasingValuesEvenWhenOneOfThemIsSlow() throws Exception {
        // the flusher's syncs and the writer's rolls both publish; a slow listener on the flusher thread
        // must not let a roll's later value reach the other listeners first
        LogConfig config = small().toBuilder().segmentBytes(16 * 1024).maxBatchBytes(4 * 1024)
                .durability(Durability.every(Duration.ofMillis(1))).build();
        List<Long> notified = new CopyOnWriteArrayList<>();
        try (Log log = Log.open(dir, config, faults.kernel())) {
            log.onDurable(offset -> {
                if (Thread.currentThread().getName().startsWith("sluice-flusher")) {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            log.onDurable(notified::add);
            for (int i = 0; i < 600; i++) {
                log.append(new byte[1 + i % 1500]);
            }
            log.flush();
            assertThat(log.segments().size()).isGreaterThan(10);
        }
        assertIncreasing(notified);
        assertThat(notified.getLast()).isEqualTo(600);
    }

    private static void assertIncreasing(List<Long> values) {
        assertThat(values).isNotEmpty();
        for (int i = 1; i < values.size(); i++) {
            assertThat(values.get(i)).as("notification %d of %s", i, values).isGreaterThan(values.get(i - 1));
        }
    }

    // 12. The failed state

    @Test
    void anAppendWhoseSyncFailsFailsTheLogUntilReopened() throws IOException {
        LogConfig config = small().toBuilder().durability(Durability.everyAppend()).build();
        List<byte[]> acknowledged;
        try (Log log = Log.open(dir, config, faults.kernel())) {
            acknowledged = appendRecords(log, SEED, 120);
            assertThat(log.durableOffset()).isEqualTo(120);
            faults.failNext(Syscall.FDATASYNC, 1, Errno.EIO, false);
            assertThatThrownBy(() -> log.append(payload(SEED, 120))).isInstanceOf(LogFailedException.class)
                    .hasMessageContaining(dir.toString());
            assertThat(faults.injected()).isEqualTo(1);
            assertThat(log.hasFailed()).isTrue();
            assertThat(log.durableOffset()).isEqualTo(120);
            faults.clear(); // the disk is fine again, but the log must not trust what it wrote
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> log.append(new byte[10])).isInstanceOf(LogFailedException.class);
                assertThatThrownBy(() -> log.appendBatch(List.of(MemorySegment.ofArray(new byte[3]))))
                        .isInstanceOf(LogFailedException.class);
                assertThatThrownBy(log::flush).isInstanceOf(LogFailedException.class);
                // the flusher's own call: the disk would say yes now, but the record whose sync failed
                // must never be acknowledged ("fsyncgate": a second fsync does not bring back lost pages)
                assertThatThrownBy(() -> log.syncUpTo(121)).isInstanceOf(LogFailedException.class);
            }
            assertThat(log.durableOffset()).isEqualTo(120);
            assertThat(log.hasFailed()).isTrue();
            // what was acknowledged can still be read
            assertThat(readAll(log, 0)).hasSizeGreaterThanOrEqualTo(120);
        }
        assertReopensWithAtLeast(config, acknowledged);
    }

    /** Durability.none() acknowledges appends at once, but flush() must still reach the disk. */
    @Test
    void flushSyncsEvenWhenThePolicyIsNone() throws IOException {
        LogConfig config = small().toBuilder().durability(Durability.none()).build();
        try (Log log = Log.open(dir, config, faults.kernel())) {
            appendRecords(log, SEED, 20);
            faults.failNext(Syscall.FDATASYNC, 1, Errno.EIO, false);
            assertThatThrownBy(log::flush).isInstanceOf(LogFailedException.class);
            assertThat(faults.injected()).as("fdatasync calls failed").isEqualTo(1);
        }
    }

    @Test
    void aFlushWhoseSyncFailsFailsTheLog() throws IOException {
        LogConfig config = LogConfig.builder().segmentBytes(8 << 20).maxBatchBytes(16 * 1024)
                .durability(Durability.everyBytes(DataSize.gib(1))).build();
        List<byte[]> acknowledged;
        try (Log log = Log.open(dir, config, faults.kernel())) {
            acknowledged = appendRecords(log, SEED, 30);
            log.flush();
            appendRecords(log, SEED, 20);
            faults.failNext(Syscall.FDATASYNC, 1, Errno.EIO, false);
            assertThatThrownBy(log::flush).isInstanceOf(LogFailedException.class);
            faults.clear();
            assertThat(log.hasFailed()).isTrue();
            assertThat(log.durableOffset()).isEqualTo(30);
            assertThatThrownBy(log::flush).isInstanceOf(LogFailedException.class);
            assertThatThrownBy(() -> log.append(new byte[1])).isInstanceOf(LogFailedException.class);
            assertThat(log.durableOffset()).isEqualTo(30);
        }
        assertReopensWithAtLeast(config, acknowledged);
    }

    @Test
    void aBackgroundSyncThatFailsFailsTheLog() throws Exception {
        LogConfig config = small().toBuilder().durability(Durability.every(Duration.ofMillis(10))).build();
        List<byte[]> acknowledged;
        try (Log log = Log.open(dir, config, faults.kernel())) {
            acknowledged = appendRecords(log, SEED, 40);
            log.flush();
            long durable = log.durableOffset();
            faults.failNext(Syscall.FDATASYNC, 1, Errno.EIO, true);
            log.append(new byte[5]);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!log.hasFailed() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            faults.clear();
            assertThat(log.hasFailed()).as("the flusher's sync failed").isTrue();
            assertThat(log.durableOffset()).isEqualTo(durable);
            assertThatThrownBy(() -> log.append(new byte[1])).isInstanceOf(LogFailedException.class);
            Thread.sleep(50);
            assertThat(log.durableOffset()).isEqualTo(durable);
        }
        assertReopensWithAtLeast(config, acknowledged);
    }

    /** Which sync of a roll fails: the sealed segment's, a small file's, or the directory's after a change. */
    enum RollSync {
        SEGMENT(Syscall.FDATASYNC, 1), INDEX(Syscall.FDATASYNC, 2), INDEX_RENAME(Syscall.FSYNC, 1),
        NEW_SEGMENT(Syscall.FSYNC, 2), RECOVERY_POINT(Syscall.FDATASYNC, 3), RECOVERY_POINT_RENAME(Syscall.FSYNC, 3);

        final Syscall call;
        final int nth;

        RollSync(Syscall call, int nth) {
            this.call = call;
            this.nth = nth;
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> rollFailures() {
        List<org.junit.jupiter.params.provider.Arguments> all = new ArrayList<>();
        for (IoMode io : IoMode.values()) {
            for (RollSync sync : RollSync.values()) {
                all.add(org.junit.jupiter.params.provider.Arguments.of(io, sync));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1} sync fails")
    @org.junit.jupiter.params.provider.MethodSource("rollFailures")
    void aSyncThatFailsWhileRollingFailsTheLogAndCloseStillReleasesIt(IoMode io, RollSync sync) throws IOException {
        LogConfig config = small().toBuilder().ioMode(io).build(); // no syncs but the roll's
        List<byte[]> written;
        try (Log log = Log.open(dir, config, faults.kernel())) {
            written = appendRecords(log, SEED, 10);
            faults.failNext(sync.call, sync.nth, Errno.EIO, false);
            IOException failure = null;
            for (int i = 10; i < 200 && failure == null; i++) {
                try {
                    written.add(payload(SEED, i));
                    log.append(written.getLast());
                } catch (IOException e) {
                    written.removeLast();
                    failure = e;
                }
            }
            faults.clear();
            assertThat(faults.injected()).isEqualTo(1);
            assertThat(failure).isInstanceOf(LogFailedException.class);
            assertThat(log.hasFailed()).isTrue();
            long durable = log.durableOffset();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> log.append(new byte[1])).isInstanceOf(LogFailedException.class);
                assertThatThrownBy(() -> log.append(new byte[15_000])).isInstanceOf(LogFailedException.class);
            }
            assertThat(log.durableOffset()).isEqualTo(durable);
        } // closing a failed log must not throw
        assertThat(OpenDescriptors.below(dir)).as("descriptors left open after closing the failed log").isEmpty();
        try (Log log = Log.open(dir, config, faults.kernel())) {
            assertHoldsExactly(log, written);
            assertThat(log.append(new byte[7])).isEqualTo(written.size());
        }
    }

    /** Reopens (no faults): every acknowledged record is there, and appends work again. */
    private void assertReopensWithAtLeast(LogConfig config, List<byte[]> acknowledged) throws IOException {
        long end;
        try (Log log = Log.open(dir, config, faults.kernel())) {
            assertThat(log.hasFailed()).isFalse();
            end = log.endOffset();
            assertThat(end).isGreaterThanOrEqualTo(acknowledged.size());
            assertThat(log.durableOffset()).as("what recovery found is durable").isEqualTo(end);
            List<LogRecord> all = readAll(log, 0);
            assertThat(all).hasSize((int) end);
            for (int i = 0; i < acknowledged.size(); i++) {
                assertThat(all.get(i).payload()).as("record %d", i).isEqualTo(acknowledged.get(i));
            }
            assertThat(log.append("again".getBytes())).isEqualTo(end);
            log.flush();
            assertThat(log.durableOffset()).isEqualTo(end + 1);
        }
        try (Log log = Log.open(dir, config, faults.kernel())) {
            assertThat(log.endOffset()).isEqualTo(end + 1);
            assertThat(readAll(log, end).getFirst().payload()).isEqualTo("again".getBytes());
        }
    }
}
