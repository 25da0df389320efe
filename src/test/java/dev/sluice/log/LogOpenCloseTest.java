package dev.sluice.log;

import dev.sluice.sys.Errno;
import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.Syscall;
import dev.sluice.testing.OpenDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static dev.sluice.log.LogTesting.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening and closing own their resources: a failed open leaks nothing, two closes close once. */
@Tag("fs-matrix")
class LogOpenCloseTest {
    @TempDir
    Path dir;

    @Test
    void anOpenWhoseWriterFailsClosesTheRecoveredSegmentsAndTheLock() throws Exception {
        try (Log log = Log.open(dir, small())) {
            LogTesting.appendRecords(log, 1, 200); // several segments to recover
        }
        long before = OpenDescriptors.below(dir).size();
        // an MMAP writer must reserve the active segment's blocks; a full disk refuses that
        FaultInjector faults = FaultInjector.system().fail(Syscall.FALLOCATE, 1, Errno.ENOSPC, true);
        assertThatThrownBy(() -> Log.open(dir, small().toBuilder().ioMode(IoMode.MMAP).build(), faults.kernel()))
                .hasMessageContaining("IoMode.MMAP needs the segment's blocks reserved");
        assertThat(OpenDescriptors.below(dir).size()).isEqualTo(before);
        try (Log log = Log.open(dir, small())) { // and the lock went with them
            assertThat(log.endOffset()).isEqualTo(200);
        }
    }

    @Test
    void aCloseWhileAnotherCloseIsUnderWayReturnsAndTheLogClosesOnce() throws Exception {
        Log log = Log.open(dir, small());
        log.append(new byte[] {1});
        AtomicReference<Throwable> second = new AtomicReference<>();
        log.setRaceHooks(new RaceHooks() {
            @Override
            public void closing() {
                // a second thread closes while the first has claimed the close but not yet synced
                CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                    try {
                        log.close();
                    } catch (Throwable t) {
                        second.set(t);
                    }
                });
                try {
                    other.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("the second close did not return", e);
                }
            }
        });
        log.close();
        assertThat(second.get()).isNull();
        log.close(); // and a third, after the fact
        try (Log again = Log.open(dir, small())) {
            assertThat(again.endOffset()).isEqualTo(1);
        }
    }

    /**
     * Everything a log holds goes at close: a tailing reader waiting for an append is woken, the
     * flusher thread stops, the descriptors of segments retention retired and of those left are
     * closed, and listeners hear that everything appended is durable. (PIT: removing any one of
     * these from close() or retention survived every crash test.)
     */
    @Test
    void closeWakesTailersStopsTheFlusherClosesEveryDescriptorAndPublishesTheEnd() throws Exception {
        LogConfig config = small().toBuilder().retention(3 * LogTesting.SEGMENT_BYTES, null)
                .durability(Durability.every(java.time.Duration.ofDays(1))).build();
        Log log = Log.open(dir, config);
        LogTesting.appendRecords(log, 1, 300); // rolls, and retention retires the oldest segments
        java.util.concurrent.atomic.AtomicLong heard = new java.util.concurrent.atomic.AtomicLong(-1);
        log.onDurable(heard::set);
        long end = log.endOffset();
        LogReader reader = log.reader(end, ReaderConfig.defaults());
        Thread tailer = Thread.ofPlatform().start(() -> {
            try {
                reader.poll(10, java.time.Duration.ofMinutes(5));
            } catch (Exception closedUnderIt) {
                // woken by close: what it says then is not the point
            }
        });
        while (tailer.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait(); // until it waits for an append
        }
        log.close();
        tailer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(tailer.isAlive()).as("the tailer woken by close").isFalse();
        reader.close();
        assertThat(heard).as("durable offset published at close").hasValue(end);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("sluice-flusher-" + dir.getFileName())
                && t.isAlive());
        assertThat(OpenDescriptors.below(dir)).as("descriptors left open").isEmpty();
    }

    /** A recovery that fails part way closes what it had opened: the segments before, and the one it failed on. */
    @Test
    void aRecoveryThatFindsACorruptSealedSegmentClosesEverySegmentItOpened() throws Exception {
        try (Log log = Log.open(dir, small())) {
            LogTesting.appendRecords(log, 1, 300);
            assertThat(log.segments()).hasSizeGreaterThan(3);
        }
        LogTesting.forgetCleanShutdown(dir);
        Files.writeString(dir.resolve(SegmentNames.RECOVERY_POINT), "0"); // every sealed segment is checked
        Path second = LogTesting.segmentFile(dir, secondBase());
        byte[] bytes = Files.readAllBytes(second);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(second, bytes);
        long before = OpenDescriptors.below(dir).size();
        assertThatThrownBy(() -> Log.open(dir, small())).isInstanceOf(CorruptLogException.class);
        assertThat(OpenDescriptors.below(dir)).hasSize((int) before);
    }

    private long secondBase() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> SegmentNames.parseLog(p.getFileName().toString())).filter(java.util.OptionalLong::isPresent)
                    .mapToLong(java.util.OptionalLong::getAsLong).sorted().skip(1).findFirst().orElseThrow();
        }
    }
}
