package dev.sluice.log;

import dev.sluice.sys.ChannelFds;
import dev.sluice.sys.Errno;
import dev.sluice.sys.FaultInjector;
import dev.sluice.sys.KernelFeatures;
import dev.sluice.sys.Kernel;
import dev.sluice.sys.Syscall;
import dev.sluice.testing.TestData;
import dev.sluice.transfer.TransferPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The I/O-error sweep, as SQLite's test suite does it: one fixed workload (open a log with small
 * segments, so it rolls and retention deletes; append; read everything back; serve it with
 * {@link LogReader#transferTo} by sendfile, splice and copy to a loopback socket; close), run again
 * and again with the n-th call of one syscall failing (EIO, ENOSPC, EINTR or a short count, once or
 * from then on), for n = 1, 2, 3, ... until a run makes fewer than n such calls.
 *
 * <p>After every run the fault is removed and the log reopened with the real libc, and the log's
 * promises are checked against what the run saw acknowledged: G1 every record acknowledged as durable
 * is there byte for byte; G2 the log is a contiguous run of offsets with no garbage (every record is
 * one that was appended at that offset); G4 after an fsync-family error the log acknowledges nothing
 * more and refuses writes until reopened. EINTR and short counts must be invisible, and every error
 * the workload sees must be an IOException naming the call that failed.
 *
 * <p>The default run tries every n up to 50 and then every 7th ({@code -Dsluice.sweep.dense=D
 * -Dsluice.sweep.stride=S} change that; the mutation profile runs a sparser sweep) (for pwritev2,
 * whose logs are on disk, every n up to {@value #DISK_DENSE}, then every {@value #DISK_STRIDE}th), to stay
 * around a minute; {@code -Dsluice.sweep.full=true} tries every n. Persistent EINTR is not swept:
 * sluice retries EINTR (as it must), so an EINTR returned forever is a livelock by construction, and no
 * kernel does that. Short counts are injected once (FaultInjector's rule has no persistent form).
 * Logs live on /dev/shm where it exists (fdatasync is free there), except for pwritev2, which needs
 * RWF_DONTCACHE and so a disk file system. {@code -Dsluice.sweep.calls=pwrite,fsync} limits the sweep to
 * those calls (C names).
 */
class IoErrorSweepTest {
    private static final boolean FULL = Boolean.getBoolean("sluice.sweep.full");
    private static final int DENSE = Integer.getInteger("sluice.sweep.dense", 50);
    private static final int STRIDE = Integer.getInteger("sluice.sweep.stride", 7);
    /** pwritev2 runs on a disk, where every fdatasync costs a millisecond or more: sparser by default. */
    private static final int DISK_DENSE = 4;
    private static final int DISK_STRIDE = 37;
    private static final int RECORDS = 150;
    private static final long CASE_TIMEOUT_SECONDS = 30;
    /**
     * The Kafka-format sweep (the same workload in v2 batches, with .index and .timeindex written at
     * each seal) is sparser, to add about half the sluice sweep's time: every n up to this, then every
     * {@value #KAFKA_STRIDE}th (pwritev2, on a disk, where the writer's code is the same in both
     * formats: n = 1, then every 150th); torn batch writes still every n. {@code -Dsluice.sweep.full=true} sweeps it whole.
     */
    private static final int KAFKA_DENSE = Integer.getInteger("sluice.sweep.kafka.dense", 12);
    private static final int KAFKA_STRIDE = Integer.getInteger("sluice.sweep.kafka.stride", 23);

    private static final List<Syscall> CALLS = List.of(Syscall.WRITE, Syscall.PWRITE, Syscall.PWRITEV2,
            Syscall.FDATASYNC, Syscall.FSYNC, Syscall.FTRUNCATE, Syscall.FALLOCATE, Syscall.OPEN, Syscall.OPENAT2,
            Syscall.RENAMEAT, Syscall.UNLINKAT, Syscall.MMAP, Syscall.SENDFILE, Syscall.SPLICE);
    private static final Set<Syscall> BYTE_MOVING = Set.of(Syscall.WRITE, Syscall.PWRITE, Syscall.PWRITEV2,
            Syscall.SENDFILE, Syscall.SPLICE);
    private static final Set<Syscall> SYNCS = Set.of(Syscall.FDATASYNC, Syscall.FSYNC);
    /** The calls that put a batch into a segment: where a torn batch comes from. */
    private static final Set<Syscall> BATCH_WRITES = Set.of(Syscall.PWRITE, Syscall.PWRITEV2);

    /**
     * SHORT cuts the n-th call to 7 bytes, and the loop writes the rest; TORN also fails that next call
     * with ENOSPC, which is what a real full disk does part way through a batch: 7 bytes of it stay past
     * the segment's end.
     */
    enum Fault { EIO, ENOSPC, EINTR, SHORT, TORN }

    /** What a case opens its log with: the kernel with the fault, and how many faults it injected so far. */
    record Faults(Kernel kernel, LongSupplier injected) {
        static Faults of(FaultInjector injector) {
            return new Faults(injector.kernel(), injector::injected);
        }
    }

    enum Variant { EVERY_APPEND, GROUP_COMMIT }

    record Case(Syscall call, Fault fault, boolean persistent, Variant variant, long n, LogFormat format) {
        @Override
        public String toString() {
            return call.cName() + " " + fault + (persistent ? " persistent" : " once") + " from call " + n + ", "
                    + variant + ", " + format;
        }
    }

    private static final AtomicLong FAULTS = new AtomicLong();
    private static final AtomicLong CASES = new AtomicLong();
    private static final Map<Syscall, Long> CALLS_PER_RUN = new EnumMap<>(Syscall.class);
    private static long started;

    @TempDir
    static Path disk;

    private static Path memory;
    private static ExecutorService worker;

    @BeforeAll
    static void warmUp() throws Exception {
        started = System.nanoTime();
        // the probes use the system's kernel, never a case's; run them once before any case is timed
        KernelFeatures.openat2();
        KernelFeatures.dontCache();
        KernelFeatures.cachestat();
        KernelFeatures.pageSize();
        Path shm = Path.of("/dev/shm");
        memory = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "sluice-sweep-") : Files.createDirectory(disk.resolve("memory"));
        worker = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("sweep-workload").unstarted(r));
        // one clean run per variant: it must succeed, and it says how many calls of each kind a run makes
        for (Variant v : Variant.values()) {
            for (Syscall call : List.of(Syscall.PWRITE, Syscall.MMAP, Syscall.PWRITEV2)) {
                FaultInjector counting = FaultInjector.system();
                Run run = runCase(new Case(call, Fault.EIO, false, v, Long.MAX_VALUE, LogFormat.SLUICE), Faults.of(counting));
                assertThat(run.errors).as("a run without faults, %s %s", v, call).isEmpty();
                for (Syscall s : CALLS) {
                    CALLS_PER_RUN.merge(s, counting.calls(s), Math::max);
                }
            }
        }
        System.out.println("io-error sweep: calls per run (max over variants): " + CALLS_PER_RUN);
    }

    @AfterAll
    static void summary() throws IOException {
        if (worker != null) {
            worker.shutdownNow();
        }
        if (memory != null && memory.startsWith("/dev/shm")) {
            deleteTree(memory);
        }
        System.out.println("io-error sweep: " + FAULTS.get() + " faults injected in " + CASES.get() + " cases"
                + (FULL ? " (full)" : " (default: every n to " + DENSE + ", then every " + STRIDE + "th; -Dsluice.sweep.full=true for all)") + ", "
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s");
    }

    @TestFactory
    Stream<DynamicTest> sweep() {
        List<DynamicTest> tests = new ArrayList<>();
        String only = System.getProperty("sluice.sweep.calls", "");
        for (Syscall call : CALLS) {
            if (!only.isBlank() && !Arrays.asList(only.split(",")).contains(call.cName())) {
                continue;
            }
            for (LogFormat format : LogFormat.values()) {
                for (Variant variant : Variant.values()) {
                    String name = call.cName() + ", " + variant + (format == LogFormat.KAFKA ? ", KAFKA" : "");
                    tests.add(DynamicTest.dynamicTest(name, () -> sweep(call, variant, format)));
                }
            }
        }
        return tests.stream();
    }

    private static void sweep(Syscall call, Variant variant, LogFormat format) throws Exception {
        for (Fault fault : Fault.values()) {
            for (boolean persistent : new boolean[] {false, true}) {
                if (fault == Fault.SHORT && (persistent || !BYTE_MOVING.contains(call))) {
                    continue;
                }
                if (fault == Fault.EINTR && persistent) {
                    continue; // retried forever by design; see the class comment
                }
                if (fault == Fault.TORN && (persistent || !BATCH_WRITES.contains(call))) {
                    continue;
                }
                boolean onDisk = call == Syscall.PWRITEV2;
                // a torn batch is caught only where it is the last write before a roll: every n (a few dozen cases)
                boolean kafka = format == LogFormat.KAFKA;
                int dense = onDisk ? (kafka ? 1 : DISK_DENSE) : fault == Fault.TORN ? Integer.MAX_VALUE
                        : kafka ? KAFKA_DENSE : DENSE;
                int stride = onDisk ? (kafka ? 4 * DISK_STRIDE + 2 : DISK_STRIDE) : kafka ? KAFKA_STRIDE : STRIDE;
                for (long n = 1; ; n = n < dense || FULL ? n + 1 : n + stride) {
                    Case c = new Case(call, fault, persistent, variant, n, format);
                    FaultInjector injector = FaultInjector.system();
                    Faults faults = Faults.of(injector);
                    switch (fault) {
                        case EIO -> injector.fail(call, n, Errno.EIO, persistent);
                        case ENOSPC -> injector.fail(call, n, Errno.ENOSPC, persistent);
                        case EINTR -> injector.fail(call, n, Errno.EINTR, persistent);
                        case SHORT -> injector.shorten(call, n, 7);
                        case TORN -> {
                            // the outer injector sees the same calls: its (n+1)-th is the retry of the rest
                            FaultInjector outer = FaultInjector.around(injector.shorten(call, n, 7).kernel())
                                    .fail(call, n + 1, Errno.ENOSPC, false);
                            faults = new Faults(outer.kernel(), () -> injector.injected() + outer.injected());
                        }
                    }
                    Run run = runCase(c, faults);
                    CASES.incrementAndGet();
                    FAULTS.addAndGet(run.injected);
                    if (run.injected == 0) {
                        break; // n is past the calls a run makes
                    }
                }
            }
        }
    }

    /**
     * A write the kernel cuts short and then fails (what a real ENOSPC, EIO or EFBIG does part way
     * through a batch) leaves a torn batch past the segment's end. The log goes on from its end, so
     * later batches overwrite it, but if a roll comes first the torn bytes must not be sealed into the
     * segment: recovery checks sealed segments whole and would refuse to open the log. Two injectors
     * stacked make it happen: the inner one shortens the k-th pwrite, the outer one fails the (k+1)-th,
     * the loop's retry of the rest.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(LogFormat.class)
    void aTornWriteIsNeverSealedIntoASegment(LogFormat format) throws Exception {
        Path dir = memory.resolve("torn-" + System.nanoTime());
        LogConfig config = LogConfig.builder().format(format).segmentBytes(64 * 1024).maxBatchBytes(16 * 1024)
                .indexIntervalBytes(1024).durability(Durability.everyAppend()).build();
        List<byte[]> written = new ArrayList<>();
        FaultInjector inner = FaultInjector.system();
        FaultInjector outer = FaultInjector.around(inner.kernel());
        try (Log log = Log.open(dir, config, outer.kernel())) {
            // batches of 1,048 bytes (Kafka's: 1,069) up to where a 15,048-byte batch (15,071) still fits
            // (64 KiB) but 444 bytes (510) more and a 16,048-byte (16,071) one do not
            while (log.segments().getLast().sizeBytes() < 49_100) {
                written.add(filled(1000, written.size()));
                log.append(written.getLast());
            }
            // the outer injector sees every call the inner one does, so both count pwrites alike
            inner.shorten(Syscall.PWRITE, inner.calls(Syscall.PWRITE) + 1, 8 * 1024);
            outer.failNext(Syscall.PWRITE, 2, Errno.ENOSPC, false);
            assertThatThrownBy(() -> log.append(filled(15_000, -1))).isInstanceOf(IOException.class)
                    .hasMessageContaining("pwrite(").hasMessageContaining("ENOSPC");
            inner.clear();
            outer.clear();
            assertThat(inner.injected() + outer.injected()).isEqualTo(2);
            assertThat(log.hasFailed()).isFalse();
            // small records, then one that does not fit: the roll comes before the torn bytes are overwritten
            for (int i = 0; i < 3; i++) {
                written.add(filled(100, written.size()));
                log.append(written.getLast());
            }
            int segments = log.segments().size();
            written.add(filled(16_000, written.size()));
            log.append(written.getLast());
            assertThat(log.segments()).as("the last append rolled").hasSize(segments + 1);
        }
        try (Log log = Log.open(dir, config)) {
            LogTesting.assertHoldsExactly(log, written);
        } finally {
            deleteTree(dir);
        }
    }

    private static byte[] filled(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** What a run saw: records appended (and attempted) by offset, the durable offset acknowledged, errors. */
    static final class Run {
        final Case c;
        final Map<Long, byte[]> appended = new HashMap<>();
        final Map<Long, List<byte[]>> attempted = new HashMap<>();
        final AtomicLong durable = new AtomicLong();
        final List<IOException> errors = new ArrayList<>();
        boolean opened;
        boolean syncFailedWhileOpen;
        long liveStart = -1;
        long injected;

        Run(Case c) {
            this.c = c;
        }

        void attempt(long offset, byte[] payload) {
            attempted.computeIfAbsent(offset, k -> new ArrayList<>()).add(payload);
        }

        /** Whether {@code payload} may be the record at {@code offset}: the one appended there, or an attempt. */
        void checkRecord(long offset, byte[] payload, String where) {
            byte[] ok = appended.get(offset);
            if (ok != null) {
                assertThat(payload).as("%s: %s, record %d", c, where, offset).isEqualTo(ok);
                return;
            }
            List<byte[]> tried = attempted.getOrDefault(offset, List.of());
            assertThat(tried.stream().anyMatch(t -> Arrays.equals(t, payload)))
                    .as("%s: %s, record %d (%d bytes) is garbage: never appended at that offset", c, where, offset,
                            payload.length).isTrue();
        }
    }

    private static Run runCase(Case c, Faults faults) throws Exception {
        Path root = c.call == Syscall.PWRITEV2 ? disk : memory;
        Path dir = root.resolve("log-" + CASES.get() + "-" + c.call.cName() + "-" + System.nanoTime());
        Run run = new Run(c);
        Future<?> future = worker.submit(() -> {
            try {
                workload(dir, config(c), run, faults);
            } finally {
                run.injected = faults.injected().getAsLong();
            }
            return null;
        });
        try {
            future.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            fail(c + ": the workload hung for " + CASE_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            throw new AssertionError(c + ": the workload threw " + e.getCause(), e.getCause());
        }
        if (c.fault == Fault.EINTR || c.fault == Fault.SHORT) {
            assertThat(run.errors).as("%s must be invisible", c).isEmpty();
        }
        for (IOException e : run.errors) {
            assertThat(messages(e)).as("%s: the error names the call: %s", c, e).contains(c.call.cName() + "(");
        }
        if (Files.exists(dir)) {
            verifyReopened(dir, run);
        }
        deleteTree(dir);
        return run;
    }

    static LogConfig config(Case c) {
        LogConfig.Builder b = LogConfig.builder().format(c.format).segmentBytes(64 * 1024).maxBatchBytes(16 * 1024)
                .indexIntervalBytes(1024).retention(160 * 1024, null)
                .ioMode(c.call == Syscall.MMAP ? IoMode.MMAP : IoMode.PWRITE)
                .cacheHint(c.call == Syscall.PWRITEV2 ? CacheHint.UNCACHED : CacheHint.KEEP);
        return b.durability(c.variant == Variant.EVERY_APPEND ? Durability.everyAppend()
                : Durability.everyBytes(DataSize.gib(1))).build();
    }

    /** Payloads differ per attempt (not only per offset), so a failed append can never pass for a later one. */
    private static byte[] payload(Random random, long offset, int attempt) {
        return payload(random, offset, attempt, random.nextInt(3000));
    }

    private static byte[] payload(Random random, long offset, int attempt, int size) {
        return TestData.tagged(random, size, "#" + offset + "/" + attempt + "#");
    }

    private static void workload(Path dir, LogConfig config, Run run, Faults faults) throws Exception {
        Case c = run.c;
        Log log;
        try {
            log = Log.open(dir, config, faults.kernel());
        } catch (IOException e) {
            run.errors.add(e);
            return;
        }
        run.opened = true;
        long injectedAtOpen = faults.injected().getAsLong();
        log.onDurable(offset -> run.durable.accumulateAndGet(offset, Math::max));
        try {
            Random random = new Random(42);
            int appendErrors = 0;
            boolean rollNext = false;
            for (int i = 0; i < RECORDS; i++) {
                long next = log.endOffset();
                List<byte[]> batch = new ArrayList<>();
                int rollingSize = rollNext ? sizeThatRolls(log, config) : -1;
                rollNext = false;
                if (rollingSize >= 0) {
                    batch.add(payload(random, next, i, rollingSize));
                    run.attempt(next, batch.getLast());
                }
                for (int r = 0; rollingSize < 0 && r < (i % 7 == 6 ? 3 : 1); r++) {
                    batch.add(payload(random, next + r, i));
                    run.attempt(next + r, batch.getLast());
                }
                try {
                    long base = batch.size() == 1 ? log.append(batch.getFirst())
                            : log.appendBatch(batch.stream().map(MemorySegment::ofArray).toList());
                    assertThat(base).as("%s: offset of append %d", c, i).isEqualTo(next);
                    for (int r = 0; r < batch.size(); r++) {
                        run.appended.put(base + r, batch.get(r));
                    }
                    if (c.variant == Variant.GROUP_COMMIT && i % 10 == 9) {
                        log.flush();
                    }
                } catch (IOException e) {
                    run.errors.add(e);
                    appendErrors++;
                    if (log.hasFailed() || c.persistent) {
                        break;
                    }
                    // a failed write may leave a torn batch past the end: roll before anything overwrites it
                    rollNext = true;
                }
            }
            if (!c.persistent && !log.hasFailed()) {
                // one failed call fails one append at most; the appends after it work
                assertThat(appendErrors).as("%s: appends that failed after a single fault", c).isLessThanOrEqualTo(1);
            }
            if (c.variant == Variant.GROUP_COMMIT && !log.hasFailed()) {
                try {
                    log.flush();
                } catch (IOException e) {
                    run.errors.add(e);
                }
            }
            long injectedWhileAppending = faults.injected().getAsLong() - injectedAtOpen;
            run.syncFailedWhileOpen = SYNCS.contains(c.call) && injectedWhileAppending > 0
                    && (c.fault == Fault.EIO || c.fault == Fault.ENOSPC);
            if (run.syncFailedWhileOpen) {
                assertThat(log.hasFailed()).as("%s: G4, an fsync-family error fails the log", c).isTrue();
            }
            if (log.hasFailed()) {
                checkRefusesWrites(log, run);
            }
            readBack(log, run);
            for (TransferPath path : TransferPath.values()) {
                transfer(log, path, run);
            }
            run.liveStart = log.startOffset();
            if (log.hasFailed()) {
                checkRefusesWrites(log, run);
            }
        } finally {
            try {
                log.close();
            } catch (IOException e) {
                run.errors.add(e);
            }
        }
    }

    /**
     * The payload size of a one-record batch that does not fit in what is left of the active segment,
     * so appending it rolls; -1 if such a batch would exceed maxBatchBytes.
     */
    private static int sizeThatRolls(Log log, LogConfig config) {
        long left = config.segmentBytes() - log.segments().getLast().sizeBytes();
        // Kafka's record overhead is varints: at least 5 bytes and a length, at most 4 more below 16 KiB
        int least = config.format() == LogFormat.KAFKA ? dev.sluice.log.kafka.KafkaBatchHeader.HEADER_BYTES + 6
                : Batch.HEADER_BYTES + Batch.RECORD_OVERHEAD;
        int most = config.format() == LogFormat.KAFKA ? least + 4 : least;
        long size = Math.max(0, left + 1 - least);
        return most + size <= config.maxBatchBytes() ? (int) size : -1;
    }

    /** G4: a failed log throws LogFailedException for appends and flushes, and acknowledges nothing more. */
    private static void checkRefusesWrites(Log log, Run run) {
        long durable = log.durableOffset();
        long acknowledged = run.durable.get();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> log.append(new byte[10])).as("%s: G4, append after failure", run.c)
                    .isInstanceOf(LogFailedException.class);
            assertThatThrownBy(() -> log.appendBatch(List.of(MemorySegment.ofArray(new byte[15_000]))))
                    .as("%s: G4, batch after failure", run.c).isInstanceOf(LogFailedException.class);
            assertThatThrownBy(log::flush).as("%s: G4, flush after failure", run.c)
                    .isInstanceOf(LogFailedException.class);
        }
        assertThat(log.durableOffset()).as("%s: G4, durable offset after failure", run.c).isEqualTo(durable);
        assertThat(run.durable.get()).as("%s: G4, acknowledged after failure", run.c).isEqualTo(acknowledged);
    }

    /** Every record of the live log, from its start: contiguous, and each one appended (or attempted) there. */
    private static void readBack(Log log, Run run) {
        long start = log.startOffset();
        long end = log.endOffset();
        long expected = start;
        try (LogReader reader = log.reader(start, ReaderConfig.defaults())) {
            List<LogRecord> got;
            while (!(got = reader.poll(100)).isEmpty()) {
                for (LogRecord r : got) {
                    assertThat(r.offset()).as("%s: read back in order", run.c).isEqualTo(expected);
                    run.checkRecord(r.offset(), r.payload(), "read back");
                    expected++;
                }
            }
            assertThat(expected).as("%s: read back to the end", run.c).isEqualTo(end);
        } catch (IOException e) {
            run.errors.add(e);
        }
    }

    /** Serves the whole log by {@code path} to a loopback socket, and checks the batches that arrive. */
    private static void transfer(Log log, TransferPath path, Run run) throws Exception {
        long start = log.startOffset();
        long end = log.endOffset();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean failed = false;
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread receiver;
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                 SocketChannel accepted = server.accept()) {
                receiver = Thread.ofPlatform().daemon().start(() -> {
                    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                    try {
                        while (accepted.read(buffer.clear()) >= 0) {
                            received.write(buffer.array(), 0, buffer.position());
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                try (LogReader reader = log.reader(start, ReaderConfig.defaults().withTransferPath(path))) {
                    long from = start;
                    while (true) {
                        LogTransfer t = reader.transferTo(ChannelFds.of(client), from, 20_000);
                        if (t.bytes() == 0) {
                            break;
                        }
                        from = t.nextOffset();
                    }
                    assertThat(from).as("%s: %s transferred to the end", run.c, path).isEqualTo(end);
                } catch (IOException e) {
                    run.errors.add(e);
                    failed = true;
                } finally {
                    client.shutdownOutput();
                    receiver.join(TimeUnit.SECONDS.toMillis(10));
                }
            }
            assertThat(receiver.isAlive()).isFalse();
        }
        // whole batches, in order, each record appended there; a failed transfer may end inside a batch
        MemorySegment bytes = MemorySegment.ofArray(received.toByteArray());
        if (log.config().format() == LogFormat.KAFKA) {
            checkKafkaBatches(received.toByteArray(), start, end, failed, path, run);
            return;
        }
        long at = 0;
        long expected = start;
        while (at + Batch.HEADER_BYTES <= bytes.byteSize()) {
            Batch.Header h = Batch.header(bytes.asSlice(at), at);
            if (at + h.size() > bytes.byteSize()) {
                break;
            }
            MemorySegment batch = bytes.asSlice(at, h.size());
            assertThat(Batch.bodyProblem(batch)).as("%s: %s sent a damaged batch at %d", run.c, path, at).isNull();
            for (LogRecord r : Batch.records(batch)) {
                assertThat(r.offset()).as("%s: %s order", run.c, path).isEqualTo(expected);
                run.checkRecord(r.offset(), r.payload(), path + " transfer");
                expected++;
            }
            at += h.size();
        }
        if (!failed) {
            assertThat(at).as("%s: %s sent only whole batches", run.c, path).isEqualTo(bytes.byteSize());
            assertThat(expected).as("%s: %s sent every record", run.c, path).isEqualTo(end);
        }
    }

    /** What a transfer of a Kafka-format log sent, read by kafka-clients' own record classes. */
    private static void checkKafkaBatches(byte[] received, long start, long end, boolean failed, TransferPath path,
                                          Run run) {
        org.apache.kafka.common.record.internal.MemoryRecords records =
                org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(ByteBuffer.wrap(received));
        long expected = start;
        long at = 0;
        for (org.apache.kafka.common.record.internal.RecordBatch batch : records.batches()) {
            batch.ensureValid();
            for (org.apache.kafka.common.record.internal.Record r : batch) {
                assertThat(r.offset()).as("%s: %s order", run.c, path).isEqualTo(expected);
                assertThat(r.hasKey()).isFalse();
                byte[] payload = new byte[r.valueSize()];
                r.value().get(payload);
                run.checkRecord(r.offset(), payload, path + " transfer");
                expected++;
            }
            at += batch.sizeInBytes();
        }
        if (!failed) {
            assertThat(at).as("%s: %s sent only whole batches", run.c, path).isEqualTo(received.length);
            assertThat(expected).as("%s: %s sent every record", run.c, path).isEqualTo(end);
        }
    }

    /** Reopens with the real libc: G1 and G2 against what the run saw. */
    private static void verifyReopened(Path dir, Run run) throws IOException {
        Case c = run.c;
        long acknowledged = run.durable.get();
        try (Log log = Log.open(dir, config(c))) {
            assertThat(log.hasFailed()).isFalse();
            long start = log.startOffset();
            long end = log.endOffset();
            assertThat(end).as("%s: G1, the reopened log ends at or after the durable offset acknowledged", c)
                    .isGreaterThanOrEqualTo(acknowledged);
            if (run.liveStart >= 0) {
                assertThat(start).as("%s: the reopened log starts where the live one did, or before", c)
                        .isLessThanOrEqualTo(run.liveStart);
            }
            List<LogRecord> all = LogTesting.readAll(log, start);
            assertThat(all).as("%s: G2, records from %d to %d", c, start, end).hasSize((int) (end - start));
            for (int i = 0; i < all.size(); i++) {
                LogRecord r = all.get(i);
                assertThat(r.offset()).as("%s: G2, contiguous", c).isEqualTo(start + i);
                if (r.offset() < acknowledged) {
                    byte[] ok = run.appended.get(r.offset());
                    assertThat(ok).as("%s: G1, offset %d acknowledged but never returned by append", c, r.offset())
                            .isNotNull();
                    assertThat(r.payload()).as("%s: G1, record %d byte for byte", c, r.offset()).isEqualTo(ok);
                } else {
                    run.checkRecord(r.offset(), r.payload(), "reopened");
                }
            }
            // and the log works again
            assertThat(log.append(new byte[] {1, 2, 3})).isEqualTo(end);
        } catch (IOException e) {
            throw new AssertionError(c + ": G2, the log does not reopen after the fault is gone: " + e, e);
        }
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            b.append(x.getMessage()).append(" / ");
        }
        return b.toString();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
