package dev.sluice.sys;

import dev.sluice.testing.MisuseChild;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child-process main for {@link MisuseTest}: runs one misuse of the public API, named by its
 * {@link Case}, in the current directory, and reports it as {@link MisuseChild} says.
 */
public final class MisuseCases {
    /** In a case's expected outcomes: it must return normally. */
    static final String OK = MisuseChild.OK;

    private static final String IAE = IllegalArgumentException.class.getName();
    private static final String ISE = IllegalStateException.class.getName();
    private static final String WTE = WrongThreadException.class.getName();
    private static final String IOOBE = IndexOutOfBoundsException.class.getName();
    private static final String CLOSED = NativeError.ClosedDescriptor.class.getName();
    private static final String NIOE = NativeIOException.class.getName();

    private static final Set<OpenFlag> RW_CREATE = Set.of(OpenFlag.READ_WRITE, OpenFlag.CREATE);

    /** One misuse (see {@link MisuseChild.Misuse}). */
    enum Case {
        // 1. Negative offsets.
        READ_NEGATIVE_OFFSET(List.of(IAE), "offset must be >= 0", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined()) {
                f.read(a.allocate(16), -1);
            }
        }),
        WRITE_NEGATIVE_OFFSET(List.of(IAE), "offset must be >= 0", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined()) {
                f.write(a.allocate(16), -1);
            }
        }),
        VECTORED_READ_NEGATIVE_OFFSET(List.of(IAE), "offset must be >= 0", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined()) {
                f.read(a.allocate(16), -1, Set.of());
            }
        }),
        READAHEAD_NEGATIVE_OFFSET(List.of(IAE), "offset must be >= 0", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.readahead(-4096, 4096);
            }
        }),

        // 2. offset + length overflows.
        READ_OFFSET_OVERFLOW(List.of(IAE), "overflows", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined()) {
                f.read(a.allocate(16), Long.MAX_VALUE - 1);
            }
        }),
        WRITE_OFFSET_OVERFLOW(List.of(IAE), "overflows", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined()) {
                f.write(a.allocate(16), Long.MAX_VALUE - 1);
            }
        }),
        READ_FULLY_OFFSET_OVERFLOW(List.of(IAE), "overflows", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined()) {
                f.readFully(a.allocate(16), Long.MAX_VALUE - 1);
            }
        }),
        VECTORED_WRITE_OFFSET_OVERFLOW(List.of(IAE), "overflows", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined()) {
                f.write(List.of(a.allocate(8), a.allocate(8)), Long.MAX_VALUE - 1, Set.of());
            }
        }),

        // 3. Long.MAX_VALUE lengths: past the end of off_t from offset 1, or the whole file from offset 0.
        READAHEAD_LENGTH_OVERFLOW(List.of(IAE), "overflows", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.readahead(1, Long.MAX_VALUE);
            }
        }),
        ADVISE_LENGTH_OVERFLOW(List.of(IAE), "overflows", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.advise(Advice.WILLNEED, 1, Long.MAX_VALUE);
            }
        }),
        SYNC_RANGE_LENGTH_OVERFLOW(List.of(IAE), "overflows", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.syncRange(1, Long.MAX_VALUE, Set.of(SyncFlag.WRITE));
            }
        }),
        // The largest range the checks let through: the kernel may accept it or refuse it, never crash.
        READAHEAD_MAX_LENGTH(List.of(OK, NIOE), "", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.readahead(0, Long.MAX_VALUE);
            }
        }),
        ADVISE_MAX_LENGTH(List.of(OK, NIOE), "", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.advise(Advice.DONTNEED, 0, Long.MAX_VALUE);
            }
        }),
        SYNC_RANGE_MAX_LENGTH(List.of(OK, NIOE), "", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.syncRange(0, Long.MAX_VALUE, Set.of(SyncFlag.WRITE, SyncFlag.WAIT_AFTER));
            }
        }),

        // 4. Ranges past the end of a mapping.
        REGION_READ_PAST_END(List.of(IOOBE), "out of bounds", dir -> {
            try (NativeFile f = file(dir, 8192); Arena a = Arena.ofConfined();
                 MappedRegion r = region(f, 8192, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED)) {
                r.read(a.allocate(16), 8192 - 8);
            }
        }),
        REGION_READ_NEGATIVE_OFFSET(List.of(IOOBE), "out of bounds", dir -> {
            try (NativeFile f = file(dir, 8192); Arena a = Arena.ofConfined();
                 MappedRegion r = region(f, 8192, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED)) {
                r.read(a.allocate(16), -1);
            }
        }),
        REGION_WRITE_PAST_END(List.of(IOOBE), "out of bounds", dir -> {
            try (NativeFile f = file(dir, 8192); Arena a = Arena.ofConfined();
                 MappedRegion r = region(f, 8192, MappedRegion.Access.READ_WRITE, MappedRegion.Sharing.CONFINED)) {
                r.write(a.allocate(16), Long.MAX_VALUE - 4);
            }
        }),
        REGION_ADVISE_PAST_END(List.of(IOOBE), "out of bounds", dir -> {
            try (NativeFile f = file(dir, 8192);
                 MappedRegion r = region(f, 8192, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED)) {
                r.advise(MapAdvice.DONTNEED, 4096, 8192);
            }
        }),

        // 5. A closed descriptor.
        READ_AFTER_CLOSE(List.of(CLOSED), "is closed", dir -> {
            try (Arena a = Arena.ofConfined()) {
                NativeFile f = file(dir, 4096);
                f.close();
                f.read(a.allocate(16), 0);
            }
        }),
        WRITE_AFTER_CLOSE(List.of(CLOSED), "is closed", dir -> {
            try (Arena a = Arena.ofConfined()) {
                NativeFile f = file(dir, 4096);
                f.close();
                f.write(a.allocate(16), 0, Set.of());
            }
        }),

        // 6. Closing twice is not an error.
        DOUBLE_CLOSE_FILE(List.of(OK), "", dir -> {
            NativeFile f = file(dir, 4096);
            f.close();
            f.close();
            check(!f.isOpen(), "file still open after close");
        }),
        DOUBLE_CLOSE_REGION(List.of(OK), "", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.SHARED);
                r.close();
                r.close();
                check(!r.isMapped(), "region still mapped after close");
            }
        }),
        DOUBLE_CLOSE_PIPE(List.of(OK), "", dir -> {
            Pipe p = Pipe.open(false);
            p.close();
            p.close();
            check(!p.readEnd().isOpen() && !p.writeEnd().isOpen(), "pipe still open after close");
        }),
        DOUBLE_CLOSE_DIRECTORY(List.of(OK), "", dir -> {
            NativeDirectory d = NativeDirectory.open(dir);
            d.close();
            d.close();
            check(!d.fd().isOpen(), "directory still open after close");
        }),

        // 7. A closed (unmapped) region.
        CLOSED_REGION_SEGMENT_GET(List.of(ISE), "closed", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED);
                r.close();
                r.segment().get(ValueLayout.JAVA_BYTE, 0);
            }
        }),
        CLOSED_REGION_READ(List.of(ISE), "closed", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined()) {
                MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED);
                r.close();
                r.read(a.allocate(16), 0);
            }
        }),
        CLOSED_REGION_ADVISE(List.of(ISE), "closed", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED);
                r.close();
                r.advise(MapAdvice.WILLNEED, 0, 4096);
            }
        }),
        CLOSED_REGION_SEGMENT_AS_WRITE_SOURCE(List.of(ISE), "closed", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED);
                r.close();
                f.write(r.segment(), 0);
            }
        }),

        // 8. A confined region used from another thread.
        CONFINED_REGION_SEGMENT_OTHER_THREAD(List.of(WTE), "thread", dir -> {
            try (NativeFile f = file(dir, 4096);
                 MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED)) {
                inOtherThread(() -> r.segment().get(ValueLayout.JAVA_BYTE, 0));
            }
        }),
        CONFINED_REGION_ADVISE_OTHER_THREAD(List.of(WTE), "thread", dir -> {
            try (NativeFile f = file(dir, 4096);
                 MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED)) {
                inOtherThread(() -> r.advise(MapAdvice.WILLNEED, 0, 4096));
            }
        }),
        CONFINED_REGION_READ_OTHER_THREAD(List.of(WTE), "thread", dir -> {
            try (NativeFile f = file(dir, 4096);
                 MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED)) {
                inOtherThread(() -> {
                    try (Arena a = Arena.ofConfined()) {
                        r.read(a.allocate(16), 0);
                    }
                });
            }
        }),
        CONFINED_REGION_CLOSE_OTHER_THREAD(List.of(WTE), "thread", dir -> {
            try (NativeFile f = file(dir, 4096);
                 MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED)) {
                inOtherThread(r::close);
            }
        }),
        CONFINED_REGION_AS_READ_TARGET_OTHER_THREAD(List.of(WTE), "thread", dir -> {
            try (NativeFile f = file(dir, 4096);
                 MappedRegion r = region(f, 4096, MappedRegion.Access.READ_WRITE, MappedRegion.Sharing.CONFINED)) {
                inOtherThread(() -> f.read(r.segment(), 0));
            }
        }),
        CONFINED_REGION_AS_VECTORED_READ_TARGET_OTHER_THREAD(List.of(WTE), "thread", dir -> {
            try (NativeFile f = file(dir, 4096);
                 MappedRegion r = region(f, 4096, MappedRegion.Access.READ_WRITE, MappedRegion.Sharing.CONFINED)) {
                inOtherThread(() -> f.read(r.segment(), 0, Set.of()));
            }
        }),

        // 9. Heap segments where the kernel needs native memory.
        HEAP_SEGMENT_WRITE(List.of(IAE), "heap segment", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.write(MemorySegment.ofArray(new byte[16]), 0);
            }
        }),
        HEAP_SEGMENT_READ(List.of(IAE), "heap segment", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.read(MemorySegment.ofArray(new long[2]), 0);
            }
        }),
        HEAP_SEGMENT_VECTORED_WRITE(List.of(IAE), "heap segment", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined()) {
                f.write(List.of(a.allocate(16), MemorySegment.ofArray(new byte[16])), 0, Set.of());
            }
        }),

        // 10. A file truncated under its mapping.
        TRUNCATED_REGION_READ(List.of(IOException.class.getName()), "truncated", dir -> {
            try (NativeFile f = file(dir, 65536); Arena a = Arena.ofConfined();
                 MappedRegion r = region(f, 65536, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED)) {
                f.truncate(0);
                r.read(a.allocate(16), 0);
            }
        }),
        TRUNCATED_REGION_WRITE(List.of(IOException.class.getName()), "truncated", dir -> {
            try (NativeFile f = file(dir, 65536); Arena a = Arena.ofConfined();
                 MappedRegion r = region(f, 65536, MappedRegion.Access.READ_WRITE, MappedRegion.Sharing.CONFINED)) {
                f.truncate(4096);
                r.write(a.allocate(16), 32768);
            }
        }),
        // Raw access skips the check: the JVM turns the SIGBUS into an InternalError.
        TRUNCATED_REGION_SEGMENT_GET(List.of(InternalError.class.getName()), "fault occurred", dir -> {
            try (NativeFile f = file(dir, 65536);
                 MappedRegion r = region(f, 65536, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED)) {
                f.truncate(0);
                r.segment().get(ValueLayout.JAVA_BYTE, 32768);
            }
        }),

        // 11. Segments of a closed arena.
        CLOSED_ARENA_WRITE(List.of(ISE), "closed", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.write(closedArenaSegment(64), 0);
            }
        }),
        CLOSED_ARENA_READ(List.of(ISE), "closed", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.read(closedArenaSegment(64), 0);
            }
        }),
        CLOSED_ARENA_VECTORED_WRITE(List.of(ISE), "closed", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.write(closedArenaSegment(64), 0, Set.of());
            }
        }),
        // Not refused, the kernel writes into freed native memory (heap corruption, a later crash).
        CLOSED_ARENA_VECTORED_READ(List.of(ISE), "closed", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                f.read(closedArenaSegment(64), 0, Set.of());
            }
        }),
        CLOSED_ARENA_VMSPLICE(List.of(ISE), "closed", dir -> {
            try (Pipe p = Pipe.open(false)) {
                ZeroCopy.vmsplice(p.writeEnd(), closedArenaSegment(64), Set.of());
            }
        }),

        // 12. Zero copy.
        VMSPLICE_HEAP_SEGMENT(List.of(IAE), "heap segment", dir -> {
            try (Pipe p = Pipe.open(false)) {
                ZeroCopy.vmsplice(p.writeEnd(), MemorySegment.ofArray(new byte[16]), Set.of());
            }
        }),
        SENDFILE_NEGATIVE_COUNT(List.of(IAE), "must be >= 0", dir -> {
            try (NativeFile in = file(dir, 4096); Pipe p = Pipe.open(false)) {
                ZeroCopy.sendfile(p.writeEnd(), in.fd(), 0, -1);
            }
        }),
        SENDFILE_FULLY_NEGATIVE_OFFSET(List.of(IAE), "must be >= 0", dir -> {
            try (NativeFile in = file(dir, 4096); Pipe p = Pipe.open(false)) {
                ZeroCopy.sendfileFully(p.writeEnd(), in.fd(), -2, 16);
            }
        }),
        SPLICE_NEGATIVE_COUNT(List.of(IAE), "count must be >= 0", dir -> {
            try (NativeFile in = file(dir, 4096); Pipe p = Pipe.open(false)) {
                ZeroCopy.splice(in.fd(), 0, p.writeEnd(), ZeroCopy.CURRENT_POSITION, -1, Set.of());
            }
        }),
        SENDFILE_CLOSED_OUT(List.of(CLOSED), "is closed", dir -> {
            try (NativeFile in = file(dir, 4096)) {
                Pipe p = Pipe.open(false);
                p.close();
                ZeroCopy.sendfile(p.writeEnd(), in.fd(), 0, 16);
            }
        }),

        // 13. close() racing reads in other threads: each read either works or sees the descriptor closed.
        CLOSE_READ_RACE(List.of(OK), "", dir -> {
            for (int round = 0; round < 200; round++) {
                NativeFile f = file(dir, 4096);
                List<Thread> readers = new ArrayList<>();
                AtomicReference<Throwable> unexpected = new AtomicReference<>();
                CountDownLatch started = new CountDownLatch(3);
                for (int t = 0; t < 3; t++) {
                    readers.add(Thread.ofPlatform().start(() -> {
                        started.countDown();
                        try (Arena a = Arena.ofConfined()) {
                            MemorySegment dst = a.allocate(4096);
                            while (true) {
                                f.read(dst, 0);
                                f.read(dst, 0, Set.of());
                            }
                        } catch (NativeError.ClosedDescriptor expected) {
                            // the race was lost: fine
                        } catch (Throwable e) {
                            unexpected.set(e);
                        }
                    }));
                }
                started.await();
                f.close();
                for (Thread t : readers) {
                    t.join();
                }
                if (unexpected.get() != null) {
                    throw new AssertionError("a reader racing close() got " + unexpected.get(), unexpected.get());
                }
            }
        }),

        // Beyond the list: read-only memory, wrong open mode, concurrent closes.
        READ_ONLY_REGION_SEGMENT_SET(List.of(IAE), "read-only", dir -> {
            try (NativeFile f = file(dir, 4096);
                 MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED)) {
                r.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            }
        }),
        READ_ONLY_REGION_WRITE(List.of(IAE), "read-only", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined();
                 MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.CONFINED)) {
                r.write(a.allocate(16), 0);
            }
        }),
        READ_INTO_READ_ONLY_SEGMENT(List.of(IAE), "read-only", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined()) {
                f.read(a.allocate(16).asReadOnly(), 0);
            }
        }),
        VECTORED_READ_INTO_READ_ONLY_SEGMENT(List.of(IAE), "read-only", dir -> {
            try (NativeFile f = file(dir, 4096); Arena a = Arena.ofConfined()) {
                f.read(a.allocate(16).asReadOnly(), 0, Set.of());
            }
        }),
        WRITE_TO_FILE_OPENED_READ_ONLY(List.of(NIOE), "descriptor is open", dir -> {
            file(dir, 4096).close();
            try (NativeFile f = NativeFile.open(dir.resolve("data"), Set.of(OpenFlag.READ)); Arena a = Arena.ofConfined()) {
                f.write(a.allocate(16), 0);
            }
        }),
        CONCURRENT_REGION_CLOSE(List.of(OK), "", dir -> {
            try (NativeFile f = file(dir, 4096)) {
                for (int round = 0; round < 300; round++) {
                    MappedRegion r = region(f, 4096, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.SHARED);
                    CountDownLatch go = new CountDownLatch(1);
                    AtomicReference<Throwable> failure = new AtomicReference<>();
                    List<Thread> closers = new ArrayList<>();
                    for (int t = 0; t < 2; t++) {
                        closers.add(Thread.ofPlatform().start(() -> {
                            try {
                                go.await();
                                r.close();
                            } catch (Throwable e) {
                                failure.compareAndSet(null, e);
                            }
                        }));
                    }
                    go.countDown();
                    for (Thread t : closers) {
                        t.join();
                    }
                    if (failure.get() != null) {
                        throw new AssertionError("round " + round + ": concurrent close() of a SHARED region threw "
                                + failure.get(), failure.get());
                    }
                }
            }
        }),
        SHARED_REGION_CLOSE_READ_RACE(List.of(OK), "", dir -> {
            try (NativeFile f = file(dir, 65536)) {
                for (int round = 0; round < 100; round++) {
                    MappedRegion r = region(f, 65536, MappedRegion.Access.READ_ONLY, MappedRegion.Sharing.SHARED);
                    AtomicReference<Throwable> unexpected = new AtomicReference<>();
                    CountDownLatch started = new CountDownLatch(2);
                    List<Thread> readers = new ArrayList<>();
                    for (int t = 0; t < 2; t++) {
                        readers.add(Thread.ofPlatform().start(() -> {
                            started.countDown();
                            try (Arena a = Arena.ofConfined()) {
                                MemorySegment dst = a.allocate(65536);
                                while (true) {
                                    r.read(dst, 0);
                                    r.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, 65536 - 8);
                                }
                            } catch (IllegalStateException | NativeError.ClosedDescriptor expected) {
                                // unmapped (or its descriptor closed) under the reader: refused, not faulted
                            } catch (Throwable e) {
                                unexpected.set(e);
                            }
                        }));
                    }
                    started.await();
                    r.close();
                    for (Thread t : readers) {
                        t.join();
                    }
                    if (unexpected.get() != null) {
                        throw new AssertionError("a reader racing close() got " + unexpected.get(), unexpected.get());
                    }
                }
            }
        });

        final MisuseChild.Misuse misuse;

        Case(List<String> expected, String messageFragment, MisuseChild.Action action) {
            this.misuse = new MisuseChild.Misuse(expected, messageFragment, action);
        }
    }

    private MisuseCases() {
    }

    public static void main(String[] args) {
        Case c = Case.valueOf(args[0]);
        MisuseChild.runAndExit(c.misuse);
    }

    /** A file "data" of {@code size} bytes (0x5A), open for reading and writing. */
    static NativeFile file(Path dir, int size) throws IOException {
        NativeFile f = NativeFile.open(dir.resolve("data"), RW_CREATE);
        try (Arena a = Arena.ofConfined()) {
            f.truncate(0);
            f.write(a.allocate(size).fill((byte) 0x5A), 0);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    static MappedRegion region(NativeFile f, long length, MappedRegion.Access access, MappedRegion.Sharing sharing)
            throws IOException {
        return MappedRegion.map(f, 0, length, access, MappedRegion.Populate.ON_ACCESS, sharing);
    }

    static MemorySegment closedArenaSegment(long size) {
        return MisuseChild.closedArenaSegment(size);
    }

    /** Runs {@code action} in a new thread and rethrows what it threw. */
    static void inOtherThread(Body body) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.join();
        Throwable e = thrown.get();
        if (e instanceof Exception ex) {
            throw ex;
        } else if (e instanceof Error err) {
            throw err;
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }
}
