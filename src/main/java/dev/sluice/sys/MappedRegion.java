package dev.sluice.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.BitSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file range mapped with mmap(2), owned by an {@link Arena}: closing it unmaps, and every later
 * access through {@link #segment()} or this class throws instead of touching freed memory.
 *
 * <p>{@link #read} and {@link #write} check the file's size before they touch the mapping, so a file
 * truncated under it gives an IOException rather than SIGBUS. Raw accesses through
 * {@link #segment()} skip that check; the JVM turns their fault into an {@link InternalError}.
 */
public final class MappedRegion implements AutoCloseable {
    /** How the pages are mapped. */
    public enum Access {
        /** PROT_READ, MAP_SHARED: the segment is read-only. */
        READ_ONLY,
        /** PROT_READ|PROT_WRITE, MAP_SHARED: stores reach the file. */
        READ_WRITE,
        /** PROT_READ|PROT_WRITE, MAP_PRIVATE: stores stay in this process. */
        COPY_ON_WRITE
    }

    /** When the pages are read in: as they are first touched, or all at once while mapping. */
    public enum Populate {
        /** No MAP_POPULATE: each page is read in (or faulted) when it is first touched. */
        ON_ACCESS,
        /** MAP_POPULATE: the pages are read in before {@code map} returns. */
        NOW
    }

    /** Which threads may use the region: only the one that mapped it, or any (closing costs more). */
    public enum Sharing {
        /** Only the mapping thread may use and close it (a confined arena). */
        CONFINED,
        /** Any thread may use and close it (a shared arena). */
        SHARED
    }

    private final Arena arena;
    private final MemorySegment pages;
    private final MemorySegment segment;
    private final long fileOffset;
    private final Fd fd;
    private final String path;
    /** munmap's result, set when the arena closes. */
    private final AtomicLong unmapResult;

    private MappedRegion(Arena arena, MemorySegment pages, MemorySegment segment, long fileOffset, Fd fd, String path,
                         AtomicLong unmapResult) {
        this.unmapResult = unmapResult;
        this.arena = arena;
        this.pages = pages;
        this.segment = segment;
        this.fileOffset = fileOffset;
        this.fd = fd;
        this.path = path;
    }

    /**
     * Maps [offset, offset + length) of {@code file}, which must lie within its current size. The
     * offset need not be page-aligned. The region keeps its own descriptor of the file.
     *
     * @param file the file to map
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, more than 0
     * @param access read-only, read-write or copy-on-write
     * @param populate whether to read the pages in now (MAP_POPULATE) or as they are touched
     * @param sharing which threads may use the region
     * @return the mapping; close it
     * @throws IllegalArgumentException if the range goes past the file's size
     * @throws IOException if fstat, fcntl(F_DUPFD_CLOEXEC) or mmap fails
     */
    public static MappedRegion map(NativeFile file, long offset, long length, Access access, Populate populate,
                                   Sharing sharing) throws IOException {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(populate, "populate");
        Objects.requireNonNull(sharing, "sharing");
        Checks.fileRange(offset, length);
        Checks.positive(length, "length");
        long size = file.size();
        if (offset + length > size) {
            throw new IllegalArgumentException("cannot map [" + offset + ", " + (offset + length) + ") of "
                    + file.path() + ": the file has " + size + " bytes");
        }
        long page = KernelFeatures.pageSize();
        long base = offset - offset % page;
        long mappedLength = length + (offset - base);
        int prot = access == Access.READ_ONLY ? Linux.PROT_READ() : Linux.PROT_READ() | Linux.PROT_WRITE();
        int flags = (access == Access.COPY_ON_WRITE ? Linux.MAP_PRIVATE() : Linux.MAP_SHARED())
                | (populate == Populate.NOW ? Linux.MAP_POPULATE() : 0);
        Kernel kernel = file.fd().kernel();
        Fd own = Fd.owned(kernel, (int) file.fd().call(Syscall.FCNTL, file.path(),
                (libc, f) -> libc.fcntl(f, Linux.F_DUPFD_CLOEXEC(), 0), "F_DUPFD_CLOEXEC", 0, 0, 0));
        try {
            long address = own.call(Syscall.MMAP, file.path(),
                    (libc, f) -> libc.mmap(0, mappedLength, prot, flags, f, base),
                    "length=%d, prot=0x%x, offset=%d", mappedLength, prot, base);
            Arena arena = sharing == Sharing.SHARED ? Arena.ofShared() : Arena.ofConfined();
            AtomicLong unmapResult = new AtomicLong();
            MemorySegment pages = MemorySegment.ofAddress(address).reinterpret(mappedLength, arena,
                    unmapped -> unmapResult.set(kernel.libc().munmap(unmapped, unmapped.byteSize())));
            MemorySegment segment = pages.asSlice(offset - base, length);
            // PROT_READ pages: a store through the segment would be a SIGSEGV, which the JVM does not survive.
            if (access == Access.READ_ONLY) {
                segment = segment.asReadOnly();
            }
            return new MappedRegion(arena, pages, segment, base, own, file.path(), unmapResult);
        } catch (IOException | RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /** {@return the mapped bytes: [offset, offset + length) of the file} Raw access: see the class comment. */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * Copies {@code dst.byteSize()} bytes from {@code offset} of the region, after checking the file still backs them.
     *
     * @param dst where to copy to
     * @param offset where in the region to start
     * @throws IllegalStateException if the region is unmapped
     * @throws IOException if the file was truncated under the mapping, or fstat fails
     */
    public void read(MemorySegment dst, long offset) throws IOException {
        Objects.requireNonNull(dst, "dst");
        checkBacked(offset, dst.byteSize());
        try {
            MemorySegment.copy(segment, offset, dst, 0, dst.byteSize());
        } catch (InternalError e) {
            throw truncated(e);
        }
    }

    /**
     * Copies {@code src} into the region at {@code offset}, after checking the file still backs it.
     *
     * @param src what to copy
     * @param offset where in the region to start
     * @throws IllegalArgumentException if the region was mapped read-only
     * @throws IllegalStateException if the region is unmapped
     * @throws IOException if the file was truncated under the mapping, or fstat fails
     */
    public void write(MemorySegment src, long offset) throws IOException {
        Objects.requireNonNull(src, "src");
        if (segment.isReadOnly()) {
            throw new IllegalArgumentException("the mapping of " + path + " is read-only (mapped READ_ONLY)");
        }
        checkBacked(offset, src.byteSize());
        try {
            MemorySegment.copy(src, 0, segment, offset, src.byteSize());
        } catch (InternalError e) {
            throw truncated(e);
        }
    }

    /**
     * madvise(2) over [offset, offset + length) of the region (widened to whole pages).
     *
     * @param advice the advice
     * @param offset where in the region the range starts
     * @param length the range's length in bytes
     * @throws IOException if madvise fails (EINVAL for advice the kernel lacks)
     */
    public void advise(MapAdvice advice, long offset, long length) throws IOException {
        Objects.requireNonNull(advice, "advice");
        MemorySegment range = pagesCovering(offset, length);
        int bits = advice.bits();
        fd.call(Syscall.MADVISE, path, (libc, f) -> libc.madvise(range, range.byteSize(), bits),
                "length=%d, advice=" + advice, range.byteSize(), 0, 0);
    }

    /**
     * msync(2) of [offset, offset + length): MS_SYNC waits for the write-back, MS_ASYNC only starts it.
     *
     * @param offset where in the region the range starts
     * @param length the range's length in bytes
     * @param wait MS_SYNC if true, else MS_ASYNC
     * @throws IOException if msync fails
     */
    public void sync(long offset, long length, boolean wait) throws IOException {
        MemorySegment range = pagesCovering(offset, length);
        int flags = wait ? Linux.MS_SYNC() : Linux.MS_ASYNC();
        fd.call(Syscall.MSYNC, path, (libc, f) -> libc.msync(range, range.byteSize(), flags),
                "length=%d, flags=0x%x", range.byteSize(), flags, 0);
    }

    /**
     * mincore(2): which pages of the mapping are resident, bit i for the i-th page from the start of
     * the page holding the region's first byte. For files the caller cannot write, Linux 5.0+
     * reports every page resident.
     *
     * @return the resident pages
     * @throws IOException if mincore fails
     */
    public BitSet residentPages() throws IOException {
        long page = KernelFeatures.pageSize();
        int count = Math.toIntExact((pages.byteSize() + page - 1) / page);
        try (Arena local = Arena.ofConfined()) {
            MemorySegment vector = local.allocate(count);
            fd.call(Syscall.MINCORE, path, (libc, f) -> libc.mincore(pages, pages.byteSize(), vector),
                    "length=%d", pages.byteSize(), 0, 0);
            BitSet resident = new BitSet(count);
            for (int i = 0; i < count; i++) {
                if ((vector.get(ValueLayout.JAVA_BYTE, i) & 1) != 0) {
                    resident.set(i);
                }
            }
            return resident;
        }
    }

    /** {@return the number of pages the mapping spans} */
    public long pageCount() {
        long page = KernelFeatures.pageSize();
        return (pages.byteSize() + page - 1) / page;
    }

    /**
     * mlock(2) of the whole region: its pages are read in and stay in memory until unlocked or unmapped.
     *
     * @throws IOException if mlock fails; when RLIMIT_MEMLOCK is the reason, the message says what it is
     */
    public void lock() throws IOException {
        try {
            fd.call(Syscall.MLOCK, path, (libc, f) -> libc.mlock(pages, pages.byteSize()),
                    "length=%d", pages.byteSize(), 0, 0);
        } catch (NativeIOException | NativeError.AccessDenied e) {
            int errno = ((NativeError) e).errno();
            if (errno == Errno.ENOMEM.value() || errno == Errno.EAGAIN.value() || errno == Errno.EPERM.value()) {
                throw new NativeIOException(Syscall.MLOCK, errno, e.getMessage() + "; " + memlockExplanation(fd.kernel()));
            }
            throw e;
        }
    }

    /**
     * munlock(2) of the whole region.
     *
     * @throws IOException if munlock fails
     */
    public void unlock() throws IOException {
        fd.call(Syscall.MUNLOCK, path, (libc, f) -> libc.munlock(pages, pages.byteSize()),
                "length=%d", pages.byteSize(), 0, 0);
    }

    /** {@return whether the region is still mapped} */
    public boolean isMapped() {
        return arena.scope().isAlive();
    }

    /**
     * Unmaps the region and closes its descriptor. Idempotent, also when several threads close it at once.
     *
     * @throws IOException if munmap or close fails
     */
    @Override
    public synchronized void close() throws IOException {
        try {
            if (arena.scope().isAlive()) {
                long address = pages.address();
                arena.close();
                if (unmapResult.get() < 0) {
                    throw Errors.exception(Syscall.MUNMAP, unmapResult.get(), path,
                            "addr=0x" + Long.toHexString(address) + ", length=" + pages.byteSize());
                }
            }
        } finally {
            fd.close();
        }
    }

    private void checkBacked(long offset, long count) throws IOException {
        if (!isMapped()) {
            throw new IllegalStateException("the mapping of " + path + " is closed (unmapped)");
        }
        Checks.within(segment, offset, count);
        long regionStart = segment.address() - pages.address();
        long end = fileOffset + regionStart + offset + count;
        long size = FileStatus.of(fd, path).size();
        if (end > size) {
            throw new IOException(path + " was truncated to " + size + " bytes under its mapping: bytes up to "
                    + end + " are no longer backed");
        }
    }

    private IOException truncated(InternalError e) {
        return new IOException(path + " was truncated under its mapping while being accessed", e);
    }

    private MemorySegment pagesCovering(long offset, long length) {
        if (!isMapped()) {
            throw new IllegalStateException("the mapping of " + path + " is closed (unmapped)");
        }
        Checks.within(segment, offset, length);
        long page = KernelFeatures.pageSize();
        long start = segment.address() - pages.address() + offset;
        long alignedStart = start - start % page;
        return pages.asSlice(alignedStart, start + length - alignedStart);
    }

    private static String memlockExplanation(Kernel kernel) {
        try (Arena local = Arena.ofConfined()) {
            MemorySegment limit = rlimit.allocate(local);
            if (kernel.libc().getrlimit(Linux.RLIMIT_MEMLOCK(), limit) < 0) {
                return "locking is limited by RLIMIT_MEMLOCK";
            }
            long soft = rlimit.rlim_cur(limit);
            String shown = soft == Linux.RLIM_INFINITY() ? "unlimited" : soft + " bytes";
            return "RLIMIT_MEMLOCK is " + shown + " (all locked memory of the process counts); raise it with "
                    + "'ulimit -l' or LimitMEMLOCK=, or run with CAP_IPC_LOCK";
        }
    }
}
