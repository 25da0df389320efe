package dev.sluice.log;

import dev.sluice.sys.Errno;
import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.Syscall;
import dev.sluice.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("fs-matrix")
class LogRoundTripTest {
    @TempDir
    Path dir;

    static LogConfig small() {
        return LogConfig.builder().segmentBytes(64 * 1024).maxBatchBytes(16 * 1024).indexIntervalBytes(1024)
                .durability(Durability.none()).build();
    }

    static Stream<Arguments> policies() {
        List<Arguments> all = new ArrayList<>();
        for (IoMode io : IoMode.values()) {
            for (CacheHint cache : CacheHint.values()) {
                for (WriteBehind wb : List.of(WriteBehind.off(), WriteBehind.every(DataSize.kib(16)),
                        WriteBehind.bounded(DataSize.kib(16)))) {
                    all.add(Arguments.of(io, cache, wb));
                }
            }
        }
        return all.stream();
    }

    private static byte[] payload(Random random, long i) {
        return TestData.tagged(random, random.nextInt(3000), "#" + i + "#");
    }

    @ParameterizedTest(name = "{0} {1} write-behind {2}")
    @MethodSource("policies")
    void recordsComeBackAcrossRollsAndReopen(IoMode io, CacheHint cache, WriteBehind wb) throws Exception {
        LogConfig config = small().toBuilder().ioMode(io).cacheHint(cache).writeBehind(wb)
                .durability(Durability.everyBytes(DataSize.kib(32))).build();
        Random random = new Random(42);
        List<byte[]> written = new ArrayList<>();
        try (Log log = Log.open(dir, config)) {
            for (int i = 0; i < 400; i++) {
                byte[] p = payload(random, i);
                assertThat(log.append(p)).isEqualTo(i);
                written.add(p);
            }
            List<java.lang.foreign.MemorySegment> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] p = payload(random, 400 + i);
                written.add(p);
                batch.add(java.lang.foreign.MemorySegment.ofArray(p));
            }
            assertThat(log.appendBatch(batch)).isEqualTo(400);
            log.flush();
            assertThat(log.durableOffset()).isEqualTo(405);
            assertThat(log.segments().size()).isGreaterThan(5);
            assertEverything(log, written);
        }
        try (Log reopened = Log.open(dir, config)) {
            assertThat(reopened.endOffset()).isEqualTo(405);
            assertEverything(reopened, written);
            assertThat(reopened.append("after".getBytes())).isEqualTo(405);
        }
        try (Log third = Log.open(dir, config)) {
            assertThat(third.endOffset()).isEqualTo(406);
        }
    }

    private static void assertEverything(Log log, List<byte[]> written) throws Exception {
        try (LogReader reader = log.reader(0, ReaderConfig.defaults())) {
            List<LogRecord> all = new ArrayList<>();
            List<LogRecord> got;
            while (!(got = reader.poll(37)).isEmpty()) {
                all.addAll(got);
            }
            assertThat(all).hasSize(written.size());
            for (int i = 0; i < written.size(); i++) {
                assertThat(all.get(i).offset()).isEqualTo(i);
                assertThat(all.get(i).payload()).as("record %d", i).isEqualTo(written.get(i));
            }
        }
        for (long from : new long[] {0, 1, 57, 200, 399, 402, written.size()}) {
            try (LogReader reader = log.reader(from, ReaderConfig.defaults())) {
                List<LogRecord> got = reader.poll(3);
                if (from < written.size()) {
                    assertThat(got.getFirst().offset()).isEqualTo(from);
                    assertThat(got.getFirst().payload()).isEqualTo(written.get((int) from));
                } else {
                    assertThat(got).isEmpty();
                }
            }
        }
    }

    @Test
    void everyReadAheadPolicyReadsTheSameRecords() throws Exception {
        Random random = new Random(7);
        List<byte[]> written = new ArrayList<>();
        try (Log log = Log.open(dir, small())) {
            for (int i = 0; i < 300; i++) {
                byte[] p = payload(random, i);
                log.append(p);
                written.add(p);
            }
            for (ReadAhead ra : List.of(ReadAhead.kernelDefault(), ReadAhead.sequential(), ReadAhead.random(),
                    ReadAhead.explicit(DataSize.kib(256)), ReadAhead.mmapPopulate())) {
                for (CacheHint hint : CacheHint.values()) {
                    try (LogReader reader = log.reader(0, new ReaderConfig(ra, hint))) {
                        List<LogRecord> all = new ArrayList<>();
                        List<LogRecord> got;
                        while (!(got = reader.poll(1000)).isEmpty()) {
                            all.addAll(got);
                        }
                        assertThat(all).as(ra + " " + hint).hasSize(300);
                        assertThat(all.get(299).payload()).isEqualTo(written.get(299));
                    }
                }
            }
        }
    }

    @Test
    void uncachedFallsBackWhereTheFileSystemRefusesDontCache() throws Exception {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm), "needs a tmpfs at /dev/shm");
        Path logDir = Files.createTempDirectory(shm, "sluice-uncached");
        try {
            LogConfig config = small().toBuilder().cacheHint(CacheHint.UNCACHED).build();
            try (Log log = Log.open(logDir.resolve("log"), config)) {
                for (int i = 0; i < 50; i++) {
                    log.append(("record " + i).getBytes(StandardCharsets.UTF_8));
                }
                try (LogReader reader = log.reader(0, new ReaderConfig(ReadAhead.kernelDefault(), CacheHint.UNCACHED))) {
                    List<LogRecord> all = reader.poll(100);
                    assertThat(all).hasSize(50);
                    assertThat(new String(all.get(49).payload(), StandardCharsets.UTF_8)).isEqualTo("record 49");
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(logDir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void eachReadPolicyMakesItsOwnCallsOnTheReadersOwnDescriptor() throws Exception {
        FaultInjector counting = FaultInjector.system();
        try (Log log = Log.open(dir, small(), counting.kernel())) {
            appendThreeHundred(log);
            assertThat(callsWhileReading(log, counting, new ReaderConfig(ReadAhead.explicit(DataSize.kib(256)), CacheHint.KEEP),
                    Syscall.SENDFILE)).isPositive();
            assertThat(callsWhileReading(log, counting, new ReaderConfig(ReadAhead.sequential(), CacheHint.KEEP),
                    Syscall.POSIX_FADVISE)).isPositive();
            assertThat(callsWhileReading(log, counting, new ReaderConfig(ReadAhead.mmapPopulate(), CacheHint.KEEP),
                    Syscall.MMAP)).isPositive();
            assertThat(callsWhileReading(log, counting, new ReaderConfig(ReadAhead.kernelDefault(), CacheHint.DROP_BEHIND),
                    Syscall.POSIX_FADVISE)).isPositive();
            assertThat(callsWhileReading(log, counting, ReaderConfig.defaults(), Syscall.READAHEAD)).isZero();
            assertThat(callsWhileReading(log, counting, ReaderConfig.defaults(), Syscall.POSIX_FADVISE)).isZero();
        }
    }

    @Test
    void explicitReadAheadFallsBackToReadaheadWhereTheSegmentCannotBeOpenedAgain() throws Exception {
        FaultInjector counting = FaultInjector.system();
        try (Log log = Log.open(dir, small(), counting.kernel())) {
            appendThreeHundred(log);
            // open(2) of /proc/self/fd/N, as where /proc is not mounted (the log opens its files with openat)
            counting.failNext(Syscall.OPEN, 1, Errno.ENOENT, true);
            long sendsBefore = counting.calls(Syscall.SENDFILE);
            ReaderConfig explicit = new ReaderConfig(ReadAhead.explicit(DataSize.kib(256)), CacheHint.KEEP);
            assertThat(callsWhileReading(log, counting, explicit, Syscall.READAHEAD)).isPositive();
            assertThat(counting.calls(Syscall.SENDFILE)).isEqualTo(sendsBefore);
        }
    }

    /** The records {@link #callsWhileReading} expects: 300 of 2000 bytes, spread over several segments. */
    private static void appendThreeHundred(Log log) throws IOException {
        for (int i = 0; i < 300; i++) {
            log.append(new byte[2000]);
        }
    }

    /** The calls of {@code call} the log (opened with {@code counting}'s kernel) makes while a reader reads it all. */
    private static long callsWhileReading(Log log, FaultInjector counting, ReaderConfig config, Syscall call)
            throws Exception {
        long before = counting.calls(call);
        try (LogReader reader = log.reader(0, config)) {
            long records = 0;
            if (config.readAhead().kind() == ReadAhead.Kind.EXPLICIT) {
                // the window ahead of the cursor is read from a background thread: keep the cursor at the
                // first record until the call counted has come (bounded), so it is always due
                long readaheadsBefore = counting.calls(call);
                records += reader.poll(1).size();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (counting.calls(call) == readaheadsBefore && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            }
            List<LogRecord> got;
            while (!(got = reader.poll(1000)).isEmpty()) {
                records += got.size();
            }
            assertThat(records).isEqualTo(300);
        }
        return counting.calls(call) - before;
    }

    @Test
    void smallPollsReadTheSegmentOnceNotOncePerPoll() throws Exception {
        FaultInjector counting = FaultInjector.system();
        try (Log log = Log.open(dir, small(), counting.kernel())) {
            for (int i = 0; i < 100; i++) {
                log.append(("small record " + i).getBytes(StandardCharsets.UTF_8));
            }
            long before = counting.calls(Syscall.PREAD);
            try (LogReader reader = log.reader(0, ReaderConfig.defaults())) {
                for (int i = 0; i < 100; i++) {
                    assertThat(reader.poll(1)).singleElement().extracting(LogRecord::offset).isEqualTo((long) i);
                }
            }
            assertThat(counting.calls(Syscall.PREAD) - before).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void filesAre0640AndSegmentNamesAreTwentyDigits() throws Exception {
        try (Log log = Log.open(dir.resolve("new"), small())) {
            log.append(new byte[10]);
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("new")))).isEqualTo("rwxr-x---");
        try (Stream<Path> files = Files.list(dir.resolve("new"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .contains("00000000000000000000.log", "00000000000000000000.index", "clean-shutdown");
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("new/00000000000000000000.log")))).isEqualTo("rw-r-----");
    }

    @Test
    void aTailingReaderSeesANewAppendQuickly() throws Exception {
        try (Log log = Log.open(dir, small());
             LogReader reader = log.reader(0, ReaderConfig.defaults())) {
            assertThat(reader.poll(10)).isEmpty();
            long[] seenAt = new long[1];
            Thread tail = Thread.ofPlatform().start(() -> {
                try {
                    List<LogRecord> got = reader.poll(10, Duration.ofSeconds(10));
                    seenAt[0] = System.nanoTime();
                    assertThat(got).hasSize(1);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            long appendedAt = System.nanoTime();
            log.append("hello".getBytes());
            tail.join();
            assertThat(Duration.ofNanos(seenAt[0] - appendedAt)).isLessThan(Duration.ofMillis(10));
        }
    }
}
