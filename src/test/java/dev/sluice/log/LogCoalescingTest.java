package dev.sluice.log;

import dev.sluice.sys.Errno;
import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.Syscall;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Coalescing}: appends gathered into one pwrite, seen by readers and the durable offset only once
 * written (buffer full, lingered, flushed, rolled or closed), and a failed write failing the log.
 */
@Tag("fs-matrix")
@Timeout(120)
class LogCoalescingTest {
    private static final Duration NEVER = Duration.ofHours(1);
    private static final int RECORD = 1000;

    @TempDir
    Path dir;

    private static LogConfig coalescing(Duration linger) {
        return LogTesting.small().toBuilder().segmentBytes(1 << 20)
                .coalescing(Coalescing.upTo(DataSize.kib(16), linger)).build();
    }

    /** Appends of RECORD bytes that fill the 16 KiB buffer: the last of them hands it to the writer thread. */
    private static final int TO_FILL = Math.ceilDiv(16 * 1024, RECORD + LogTesting.headerBytes(LogFormat.SLUICE));

    @Test
    void appendsAreWrittenWithOnePwriteOnceTheBufferHoldsItsSize() throws Exception {
        FaultInjector counting = FaultInjector.system();
        try (Log log = Log.open(dir, coalescing(NEVER), counting.kernel())) {
            long writesBefore = counting.calls(Syscall.PWRITE);
            for (int i = 0; i < TO_FILL - 1; i++) {
                assertThat(log.append(new byte[RECORD])).isEqualTo(i);
            }
            assertThat(counting.calls(Syscall.PWRITE)).as("pwrites before the buffer held 16 KiB").isEqualTo(writesBefore);
            assertThat(LogTesting.readAll(log, 0)).as("records readers see before the write").isEmpty();
            assertThat(log.append(new byte[RECORD])).isEqualTo(TO_FILL - 1);
            awaitEndOffset(log, TO_FILL);
            assertThat(counting.calls(Syscall.PWRITE)).isEqualTo(writesBefore + 1);
            assertThat(LogTesting.readAll(log, 0)).hasSize(TO_FILL);
        }
    }

    @Test
    void appendsFillTheSecondBufferWhileTheFirstIsWrittenAndWaitOnlyWhenBothAreFull() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService appender = Executors.newSingleThreadExecutor();
        try (Log log = Log.open(dir, coalescing(NEVER))) {
            log.setRaceHooks(new RaceHooks() {
                @Override
                public void coalescedWriting(Segment segment) {
                    writing.countDown();
                    awaitQuietly(release);
                }
            });
            Future<?> twoBuffers = appender.submit(() -> {
                for (int i = 0; i < 2 * TO_FILL; i++) {
                    assertThat(log.append(new byte[RECORD])).isEqualTo(i);
                }
                return null;
            });
            assertThat(writing.await(20, TimeUnit.SECONDS)).as("the writer thread took the first buffer").isTrue();
            twoBuffers.get(20, TimeUnit.SECONDS); // not waiting on the first buffer's write
            assertThat(log.endOffset()).as("published while the first write is held").isZero();
            assertThat(LogTesting.readAll(log, 0)).isEmpty();
            Future<Long> third = appender.submit(() -> log.append(new byte[RECORD]));
            Thread.sleep(200);
            assertThat(third).as("an append with both buffers full waits for the write").isNotDone();
            release.countDown();
            assertThat(third.get(20, TimeUnit.SECONDS)).isEqualTo(2L * TO_FILL);
            log.flush();
            assertThat(log.durableOffset()).isEqualTo(2L * TO_FILL + 1);
            assertThat(LogTesting.readAll(log, 0)).hasSize(2 * TO_FILL + 1);
        } finally {
            release.countDown();
            appender.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitEndOffset(Log log, long offset) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (log.endOffset() < offset && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(log.endOffset()).as("published by the writer thread").isEqualTo(offset);
    }

    @Test
    void aBatchThatLeavesTheBufferShortIsWrittenOnceItHasLingered() throws Exception {
        Duration linger = Duration.ofMillis(50);
        try (Log log = Log.open(dir, coalescing(linger))) {
            try (LogReader tail = log.reader(0, ReaderConfig.defaults())) {
                long start = System.nanoTime();
                log.append("lingering".getBytes());
                List<LogRecord> got = tail.poll(10, Duration.ofSeconds(20));
                long waited = System.nanoTime() - start;
                assertThat(got).as("the record, after its linger").hasSize(1);
                assertThat(new String(got.getFirst().payload())).isEqualTo("lingering");
                assertThat(waited).as("nanoseconds before the tailing reader saw it").isGreaterThanOrEqualTo(linger.toNanos());
                assertThat(log.durableOffset()).as("durable (Durability.none) once written").isEqualTo(1);
            }
        }
    }

    @Test
    void flushWritesThePendingBatchesAndMakesThemDurable() throws Exception {
        FaultInjector counting = FaultInjector.system();
        LogConfig config = coalescing(NEVER).toBuilder().durability(Durability.everyBytes(DataSize.mib(1))).build();
        try (Log log = Log.open(dir, config, counting.kernel())) {
            List<byte[]> written = LogTesting.appendRecords(log, 3, 3);
            assertThat(log.endOffset()).isZero();
            assertThat(log.durableOffset()).isZero();
            long syncs = counting.calls(Syscall.FDATASYNC);
            log.flush();
            assertThat(counting.calls(Syscall.FDATASYNC)).isGreaterThan(syncs);
            assertThat(log.durableOffset()).isEqualTo(3);
            LogTesting.assertHoldsExactly(log, written);
        }
    }

    @Test
    void closeWritesThePendingBatches() throws Exception {
        List<byte[]> written;
        try (Log log = Log.open(dir, coalescing(NEVER))) {
            written = LogTesting.appendRecords(log, 4, 5);
            assertThat(log.endOffset()).isZero();
        }
        try (Log reopened = Log.open(dir, coalescing(NEVER))) {
            LogTesting.assertHoldsExactly(reopened, written);
        }
    }

    static Stream<Arguments> policies() {
        List<Arguments> all = new ArrayList<>();
        for (LogFormat format : LogFormat.values()) {
            for (CacheHint cache : CacheHint.values()) {
                for (WriteBehind wb : List.of(WriteBehind.off(), WriteBehind.every(DataSize.kib(16)),
                        WriteBehind.bounded(DataSize.kib(16)))) {
                    all.add(Arguments.of(format, cache, wb));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} write-behind {2}")
    @MethodSource("policies")
    void recordsComeBackInOrderAcrossRollsAndReopen(LogFormat format, CacheHint cache, WriteBehind wb) throws Exception {
        LogConfig config = LogTesting.small(format).toBuilder().cacheHint(cache).writeBehind(wb)
                .durability(Durability.everyBytes(DataSize.kib(32)))
                .coalescing(Coalescing.upTo(DataSize.kib(8), Duration.ofMillis(1))).build();
        List<byte[]> written;
        try (Log log = Log.open(dir, config)) {
            written = LogTesting.appendRecords(log, 5, 400);
            log.flush();
            assertThat(log.durableOffset()).isEqualTo(400);
            assertThat(log.segments().size()).as("segments").isGreaterThan(5);
            LogTesting.assertHoldsExactly(log, written);
        }
        try (Log reopened = Log.open(dir, config)) {
            LogTesting.assertHoldsExactly(reopened, written);
        }
    }

    @Test
    void aFailedWriteFailsTheLogAndItKeepsWhatWasWrittenBefore() throws Exception {
        FaultInjector faults = FaultInjector.system();
        List<byte[]> kept;
        try (Log log = Log.open(dir, coalescing(NEVER), faults.kernel())) {
            kept = LogTesting.appendRecords(log, 6, 20);
            log.flush();
            faults.failNext(Syscall.PWRITE, 1, Errno.EIO, false);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    log.append(new byte[RECORD]);
                }
            }).isInstanceOf(LogFailedException.class).hasMessageContaining("EIO");
            assertThat(log.hasFailed()).isTrue();
            assertThat(log.endOffset()).isEqualTo(kept.size());
            assertThatThrownBy(() -> log.append(new byte[1])).isInstanceOf(LogFailedException.class);
            assertThatThrownBy(log::flush).isInstanceOf(LogFailedException.class);
        }
        try (Log reopened = Log.open(dir, coalescing(NEVER))) {
            LogTesting.assertHoldsExactly(reopened, kept);
        }
    }

    @Test
    void aWriteBehindFailureWhilePublishingTheBufferFailsTheLog() throws Exception {
        FaultInjector faults = FaultInjector.system();
        LogConfig config = coalescing(NEVER).toBuilder().writeBehind(WriteBehind.bounded(DataSize.kib(16))).build();
        try (Log log = Log.open(dir, config, faults.kernel())) {
            // the buffer's first write publishes 16 KiB or more, a whole window: bounded write-behind starts it
            faults.failNext(Syscall.SYNC_FILE_RANGE, 1, Errno.EIO, false);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    log.append(new byte[RECORD]);
                }
            }).isInstanceOf(LogFailedException.class).hasMessageContaining("EIO");
            assertThat(log.hasFailed()).isTrue();
            assertThatThrownBy(() -> log.append(new byte[1])).isInstanceOf(LogFailedException.class);
        }
    }

    @Test
    void aWriteThatFailsOnTheWriterThreadFailsTheLogForTheNextAppend() throws Exception {
        FaultInjector faults = FaultInjector.system();
        try (Log log = Log.open(dir, coalescing(Duration.ofMillis(5)), faults.kernel())) {
            faults.failNext(Syscall.PWRITE, 1, Errno.ENOSPC, false);
            log.append("lost".getBytes());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!log.hasFailed() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(log.hasFailed()).as("failed by the writer thread's write").isTrue();
            assertThat(log.endOffset()).isZero();
            assertThatThrownBy(() -> log.append(new byte[1])).isInstanceOf(LogFailedException.class)
                    .hasMessageContaining("ENOSPC");
        }
        try (Log reopened = Log.open(dir, coalescing(NEVER))) {
            assertThat(reopened.endOffset()).isZero();
        }
    }

    @Test
    void coalescingNeedsPwriteOrDirectAndGroupCommit() {
        Coalescing on = Coalescing.upTo(DataSize.kib(64), Duration.ofMillis(1));
        LogConfig.Builder base = LogConfig.builder().durability(Durability.none()).coalescing(on);
        assertThatThrownBy(() -> base.ioMode(IoMode.MMAP).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IoMode.PWRITE or DIRECT").hasMessageContaining("MMAP");
        assertThat(base.ioMode(IoMode.DIRECT).build().coalescing()).isEqualTo(on);
        assertThatThrownBy(() -> base.ioMode(IoMode.PWRITE).durability(Durability.everyAppend()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("everyAppend");
        assertThat(base.ioMode(IoMode.PWRITE).durability(Durability.none()).build().coalescing()).isEqualTo(on);
        assertThat(LogConfig.defaults().coalescing()).isEqualTo(Coalescing.off());
    }

    @Test
    void thePolicyChecksItsValuesAndParsesTheCommandLinesForm() {
        assertThat(Coalescing.parse("off")).isEqualTo(Coalescing.off());
        assertThat(Coalescing.parse("64k,1ms")).isEqualTo(Coalescing.upTo(DataSize.kib(64), Duration.ofMillis(1)));
        assertThat(Coalescing.parse("1m,250us")).isEqualTo(Coalescing.upTo(DataSize.mib(1), Duration.ofNanos(250_000)));
        assertThat(Coalescing.parse("64k,1ms")).hasToString("64KiB,1ms");
        assertThat(Coalescing.parse("1m,250us")).hasToString("1MiB,250us");
        for (String bad : List.of("64k", "64k,", "64k,1s", "64k,0ms", "64k,-1ms", "0,1ms", "65m,1ms", ",1ms")) {
            assertThatThrownBy(() -> Coalescing.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Coalescing(0, Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Coalescing.upTo(DataSize.kib(4), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
