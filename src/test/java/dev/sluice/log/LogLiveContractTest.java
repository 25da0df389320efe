package dev.sluice.log;

import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live contract (issue 14), as a randomized model test: while several threads append, with a
 * roll every few hundred records, retention a few segments behind and the log closed and opened
 * again with another I/O mode, cache hint and durability every few seconds, these all follow it:
 * <ul>
 * <li>tailing readers in this process, one per read-ahead policy, their cache hint changing at each reopen;
 * <li>a read-only follower in a child JVM ({@link Log#openReadOnly} and {@link Log#refresh()});
 * <li>a {@code sluice log serve --follow} connection on 127.0.0.1, the real command in a child JVM.
 * </ul>
 * The oracle is the sequence of acknowledged appends: each must see every record exactly once, in
 * offset order, with its bytes; when retention overtakes one it must get a clear error, never a silent
 * jump. Appends must return contiguous offsets.
 *
 * <p>{@code -Dsluice.live.seconds=N} sets how long the appends run (default 20); {@code
 * -Dsluice.live.seed=S} repeats a run's random choices (the seed is printed, and named in a failure).
 * Everything it writes (the log, the followers' output) lives under its JUnit {@code @TempDir}: to
 * run it on another file system, root temporary directories there (a JUnit {@code TempDirFactory}
 * through {@code junit.jupiter.tempdir.factory.default}, or {@code -Djava.io.tmpdir} in the forked
 * JVM's argLine).
 */
@Tag("fs-matrix")

class LogLiveContractTest {
    private static final long SEGMENT_BYTES = 64 * 1024;
    private static final int MAX_BATCH_BYTES = 16 * 1024;
    private static final long RETENTION_BYTES = 16 * SEGMENT_BYTES;
    private static final int APPENDERS = 3;
    private static final long DRAIN_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void everyReaderFollowerAndServeConnectionSeesEveryAcknowledgedRecordOnceInOrder() throws Exception {
        long seed = Long.getLong("sluice.live.seed", System.nanoTime());
        long seconds = Long.getLong("sluice.live.seconds", 20);
        System.out.println("LogLiveContractTest: seed " + seed + ", " + seconds + " s of appends (repeat with -Dsluice.live.seed="
                + seed + ")");
        try {
            System.out.println(run(seed, seconds));
        } catch (Throwable t) {
            throw new AssertionError("the live contract failed with seed " + seed + " (-Dsluice.live.seed=" + seed + "): "
                    + t.getMessage(), t);
        }
    }

    private String run(long seed, long seconds) throws Exception {
        Random random = new Random(seed);
        Path log = dir.resolve("log");
        LiveOracle oracle = new LiveOracle();
        AtomicLong end = new AtomicLong(-1);
        AtomicBoolean failed = new AtomicBoolean();
        List<String> ioModes = new ArrayList<>();
        Set<Long> bases = ConcurrentHashMap.newKeySet();

        ExecutorService threads = Executors.newCachedThreadPool();
        List<Future<?>> tasks = new ArrayList<>();
        List<LiveCursor> readers = new ArrayList<>();
        LiveCursor follower = new LiveCursor("read-only follower (child JVM)", oracle);
        LiveCursor served = new LiveCursor("serve connection", oracle);
        LiveServe serve;
        Process followerProcess;
        int reopens = 0;
        AtomicLong appended = new AtomicLong();
        AtomicLong flushes = new AtomicLong();
        LogConfig first = config(random, IoMode.PWRITE);
        try (LiveLog live = new LiveLog(log, first)) {
            ioModes.add(describe(first));
            // followers in other processes
            Path endFile = dir.resolve("end");
            Path followed = dir.resolve("follower.bin");
            ReadAhead.Kind followerKind = ReadAhead.Kind.values()[random.nextInt(ReadAhead.Kind.values().length)];
            CacheHint followerHint = CacheHint.values()[random.nextInt(CacheHint.values().length)];
            followerProcess = new ProcessBuilder(ChildJvm.command(LiveFollowerChild.class, log.toString(),
                    followed.toString(), endFile.toString(), Long.toString(SEGMENT_BYTES), Integer.toString(MAX_BATCH_BYTES),
                    followerKind.name(), followerHint.name(), Long.toString(seconds + DRAIN_SECONDS)))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("follower.out").toFile()).start();
            serve = new LiveServe(log, dir, MAX_BATCH_BYTES, served);
            long startup = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            tasks.add(threads.submit(() -> {
                serve.follow(end::get, startup + TimeUnit.SECONDS.toNanos(seconds));
                return null;
            }));
            // the clock starts once both followers are up: on a loaded machine a JVM can take many seconds
            awaitFollowers(followed, followerProcess, serve, tasks, startup);
            long appendDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long deadline = appendDeadline + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            // readers in this process: every read-ahead policy, spinning and parking
            ReadAhead[] policies = {ReadAhead.kernelDefault(), ReadAhead.sequential(), ReadAhead.random(),
                    ReadAhead.explicit(DataSize.kib(256)), ReadAhead.mmapPopulate(), ReadAhead.kernelDefault()};
            for (int i = 0; i < policies.length; i++) {
                LiveCursor cursor = new LiveCursor("reader " + i + " (" + policies[i].kind() + ")", oracle);
                readers.add(cursor);
                LiveTailer tailer = new LiveTailer(live, policies[i], i, cursor, new Random(random.nextLong()), i % 3 == 0,
                        end::get, failed::get, deadline);
                tasks.add(threads.submit(tailer));
            }
            for (int a = 0; a < APPENDERS; a++) {
                Random r = new Random(random.nextLong());
                tasks.add(threads.submit(() -> {
                    append(live, oracle, r, appendDeadline, failed, appended);
                    return null;
                }));
            }
            tasks.add(threads.submit(() -> {
                // flushes race rolls and retention (a sync of a segment retention has closed must not fail the log)
                Random r = new Random(random.nextLong());
                while (System.nanoTime() < appendDeadline && !failed.get()) {
                    live.use(l -> {
                        l.flush();
                        return null;
                    });
                    flushes.incrementAndGet();
                    Thread.sleep(r.nextInt(3));
                }
                return null;
            }));
            tasks.add(threads.submit(() -> {
                while (end.get() < 0 && !failed.get()) {
                    for (SegmentInfo s : live.current().segments()) {
                        bases.add(s.baseOffset());
                    }
                    Thread.sleep(2);
                }
                return null;
            }));
            // reopen every few seconds, each time with the next I/O mode
            IoMode[] modes = IoMode.values();
            while (System.nanoTime() < appendDeadline && !failed.get()) {
                long pause = 1500 + random.nextInt(2500);
                long left = TimeUnit.NANOSECONDS.toMillis(appendDeadline - System.nanoTime());
                if (left < pause + 500) {
                    break;
                }
                waitFor(tasks, pause, failed);
                IoMode next = modes[(reopens + 1) % modes.length];
                LogConfig config = config(random, next);
                live.reopen(config);
                ioModes.add(describe(config));
                reopens++;
            }
            for (Future<?> task : tasks.subList(tasks.size() - APPENDERS - 2, tasks.size() - 1)) {
                get(task, deadline, failed);
            }
            long last = live.use(l -> {
                l.flush(); // a coalescing log may still hold the last appends
                return l.endOffset();
            });
            long gap = oracle.firstGap(last);
            if (gap >= 0) {
                throw new AssertionError("appends returned offsets up to " + last + " but never " + gap);
            }
            if (appended.get() != last) {
                throw new AssertionError(appended.get() + " records appended, but the log ends at " + last);
            }
            if (last == 0) {
                throw new AssertionError("no append returned in " + seconds + " s");
            }
            if (bases.size() < 10) {
                System.out.println("LogLiveContractTest: only " + last + " records and " + (bases.size() - 1)
                        + " rolls: this machine was too busy for much of a test (run it longer with -Dsluice.live.seconds)");
            }
            end.set(last);
            Path written = Files.writeString(endFile.resolveSibling("end.tmp"), Long.toString(last));
            Files.move(written, endFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE); // never seen half written
            for (Future<?> task : tasks) {
                get(task, deadline, failed);
            }
            checkFollower(followerProcess, followed, follower, deadline);
            for (LiveCursor c : readers) {
                if (c.expected() != last) {
                    throw new AssertionError(c.name() + " stopped at " + c.expected() + " of " + last);
                }
            }
            if (served.expected() != last || follower.expected() != last) {
                throw new AssertionError("followers stopped at " + follower.expected() + " and " + served.expected()
                        + " of " + last);
            }
            long readerRecords = readers.stream().mapToLong(LiveCursor::records).sum();
            long readerOvertaken = readers.stream().mapToLong(LiveCursor::overtaken).sum();
            return String.format("live contract held: seed %d, %d s: %d records appended by %d threads, %d rolls, %d flushes, %d reopens"
                            + " (I/O modes %s); %d readers checked %d records (%d overtaken by retention, re-seeked); "
                            + "1 read-only follower (%s, %s) checked %d records (%d overtaken); "
                            + "%d serve connection(s) checked %d records (%d overtaken)",
                    seed, seconds, last, APPENDERS, Math.max(0, bases.size() - 1), flushes.get(), reopens, ioModes, readers.size(),
                    readerRecords, readerOvertaken, followerKind, followerHint, follower.records(), follower.overtaken(),
                    serve.connections(), served.records(), served.overtaken());
        } catch (Throwable t) {
            failed.set(true);
            throw t;
        } finally {
            failed.set(true);
            threads.shutdownNow();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** Until the child follower has written its start and the serve connection is up. */
    private static void awaitFollowers(Path followed, Process follower, LiveServe serve, List<Future<?>> tasks,
                                       long deadline) throws Exception {
        while (!Files.exists(followed) || Files.size(followed) == 0) {
            if (!follower.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the read-only follower did not start: "
                        + Files.readString(followed.resolveSibling("follower.out")));
            }
            Thread.sleep(20);
        }
        while (!serve.awaitConnected(20, TimeUnit.MILLISECONDS)) {
            if (tasks.get(0).isDone()) {
                tasks.get(0).get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the serve connection did not start");
            }
        }
    }

    /** The I/O mode, and "+coalescing" where it coalesces. */
    private static String describe(LogConfig config) {
        return config.ioMode() + (config.coalescing().isOn() ? "+coalescing" : "");
    }

    /** Tiny segments, tight retention; the writer's cache hint, durability and (pwrite only) coalescing chosen at random. */
    private static LogConfig config(Random random, IoMode io) {
        // mostly none, so appends run at full speed (a flushing thread syncs meanwhile); now and then group
        // commit, where appends wait for the syncs
        Durability[] durabilities = {Durability.none(), Durability.none(), Durability.none(), Durability.none(),
                Durability.everyBytes(DataSize.mib(1)), Durability.every(Duration.ofMillis(5))};
        return LogConfig.builder().segmentBytes(SEGMENT_BYTES).maxBatchBytes(MAX_BATCH_BYTES).indexIntervalBytes(4096)
                .retention(RETENTION_BYTES, null).ioMode(io)
                .cacheHint(CacheHint.values()[random.nextInt(CacheHint.values().length)])
                .durability(durabilities[random.nextInt(durabilities.length)])
                .coalescing(io == IoMode.PWRITE && random.nextBoolean()
                        ? Coalescing.upTo(DataSize.kib(8), Duration.ofMillis(2)) : Coalescing.off()).build();
    }

    private static void append(LiveLog live, LiveOracle oracle, Random random, long deadline, AtomicBoolean failed,
                               AtomicLong appended) throws Exception {
        while (System.nanoTime() < deadline && !failed.get()) {
            int n = random.nextInt(5) == 0 ? 2 + random.nextInt(4) : 1;
            List<MemorySegment> payloads = new ArrayList<>(n);
            long[] digests = new long[n];
            for (int i = 0; i < n; i++) {
                byte[] bytes = TestData.randomBytes(random, 16 + random.nextInt(700));
                payloads.add(MemorySegment.ofArray(bytes));
                digests[i] = LiveOracle.digest(bytes);
            }
            live.use(log -> {
                long base = log.appendBatch(payloads);
                for (int i = 0; i < n; i++) {
                    oracle.acknowledge(base + i, digests[i]);
                }
                return null;
            });
            appended.addAndGet(n);
            if (random.nextInt(400) == 0) {
                Thread.sleep(1);
            }
        }
    }

    /** Waits {@code millis}, returning early (with the error) if a task failed. */
    private static void waitFor(List<Future<?>> tasks, long millis, AtomicBoolean failed) throws Exception {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            for (Future<?> task : tasks) {
                if (task.isDone()) {
                    failed.set(true);
                    task.get(); // throws what failed; a task ending early without an error is a failure too
                    throw new AssertionError("a task ended before the appends did");
                }
            }
            Thread.sleep(20);
        }
    }

    private static void get(Future<?> task, long deadline, AtomicBoolean failed) throws Exception {
        try {
            task.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            failed.set(true);
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw (Exception) cause;
        } catch (java.util.concurrent.TimeoutException e) {
            failed.set(true);
            throw new AssertionError("a reader, follower or appender did not finish in time", e);
        }
    }

    /** Waits for the child follower and checks what it saw, entry by entry, with its cursor. */
    private static void checkFollower(Process child, Path seen, LiveCursor cursor, long deadline) throws Exception {
        if (!child.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            String threads = threadDump(child);
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            try {
                replay(seen, cursor);
            } catch (AssertionError | java.io.IOException e) {
                throw new AssertionError("the read-only follower did not finish in time, and what it saw breaks the "
                        + "contract: " + e.getMessage(), e);
            }
            throw new AssertionError("the read-only follower did not finish in time: it saw up to offset "
                    + cursor.expected() + "; its threads:\n" + threads);
        }
        if (child.exitValue() != 0) {
            throw new AssertionError("the read-only follower failed (exit " + child.exitValue() + "): "
                    + Files.readString(seen.resolveSibling("follower.out")));
        }
        replay(seen, cursor);
    }

    /** The main thread's stack in a child JVM, by jcmd, for a failure message. */
    private static String threadDump(Process child) {
        try {
            Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(child.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            dump.waitFor(10, TimeUnit.SECONDS);
            int main = text.indexOf("\"main\"");
            return main < 0 ? text : text.substring(main, Math.min(text.length(), main + 3000));
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** Checks what the child follower wrote, entry by entry, with its cursor. */
    private static void replay(Path seen, LiveCursor cursor) throws Exception {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(seen.toFile()), 1 << 16))) {
            while (true) {
                int tag;
                try {
                    tag = in.readByte();
                } catch (EOFException e) {
                    return;
                }
                try {
                    replayEntry(tag, in, cursor);
                } catch (EOFException e) {
                    return; // a child killed mid-entry
                }
            }
        }
    }

    private static void replayEntry(int tag, DataInputStream in, LiveCursor cursor)
            throws java.io.IOException {
        switch (tag) {
            case 'S' -> cursor.start(in.readLong());
            case 'R' -> cursor.record(in.readLong(), in.readLong());
            case 'O' -> {
                long start = in.readLong();
                cursor.overtaken(start, in.readUTF());
            }
            default -> throw new AssertionError("the follower's output has a bad entry: " + tag);
        }
    }
}
