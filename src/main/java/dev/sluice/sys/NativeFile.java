package dev.sluice.sys;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A file opened natively: positional reads and writes (whole counts, EINTR retried), flushing,
 * sizing, and the kernel's page-cache levers. Every method checks its arguments before the call:
 * a negative or overflowing offset or length, or a heap or read-only segment where the kernel needs
 * native memory to write into, is an {@link IllegalArgumentException}. A failed call throws a
 * {@link NativeIOException} naming the call, its arguments and the errno, or the more precise
 * exception for that errno (see {@link NativeError}); a closed file throws
 * {@link java.nio.channels.ClosedChannelException}.
 */
public final class NativeFile implements AutoCloseable {
    /** Permissions of files created without an explicit mode: rw-r-----. */
    public static final Set<PosixFilePermission> DEFAULT_PERMISSIONS = PosixFilePermissions.fromString("rw-r-----");

    /**
     * The most buffers one preadv2/pwritev2 takes: the kernel's UIO_MAXIOV, which glibc reports as
     * IOV_MAX and sysconf(_SC_IOV_MAX). More fail with a bare EINVAL, so more are refused before the
     * call. BindingsMatchSystemHeadersTest checks the value against the system headers with gcc.
     */
    public static final int IOV_MAX = 1024;

    /** The read-ahead window {@link #readAheadWindow()} reports for a device sysfs says nothing about. */
    private static final long DEFAULT_READ_AHEAD_BYTES = 128 * 1024;

    private final Fd fd;
    private final String path;

    NativeFile(Fd fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /**
     * Opens {@code path}, as {@link #open(Path, Set, Set)}; created files get {@link #DEFAULT_PERMISSIONS}
     * (less the umask).
     *
     * @param path the file
     * @param flags how to open it; must include an access mode
     * @return the open file; close it
     * @throws IOException if open(2) fails, e.g. {@link java.nio.file.NoSuchFileException}
     */
    public static NativeFile open(Path path, Set<OpenFlag> flags) throws IOException {
        return open(path, flags, DEFAULT_PERMISSIONS);
    }

    /**
     * Opens {@code path} with O_CLOEXEC added to {@code flags}. {@code READ} with {@code WRITE} opens for
     * both (O_RDWR); flags without an access mode are refused (see {@link OpenFlag}). EINTR is retried.
     *
     * @param path the file; must not contain NUL
     * @param flags how to open it; must include an access mode
     * @param permissions the mode of a created file (less the umask)
     * @return the open file; close it
     * @throws IOException if open(2) fails, e.g. {@link java.nio.file.NoSuchFileException} or
     *     {@link java.nio.file.AccessDeniedException}
     */
    public static NativeFile open(Path path, Set<OpenFlag> flags, Set<PosixFilePermission> permissions)
            throws IOException {
        return open(Kernel.system(), path, flags, permissions);
    }

    /**
     * Opens {@code path} as {@link #open(Path, Set, Set)} does, with every call on the file going
     * through {@code kernel}.
     *
     * @param kernel the kernel the file's calls go through ({@link Kernel#system()} in an application)
     * @param path the file; must not contain NUL
     * @param flags how to open it; must include an access mode
     * @param permissions the mode of a created file (less the umask)
     * @return the open file; close it
     * @throws IOException if open(2) fails, e.g. {@link java.nio.file.NoSuchFileException} or
     *     {@link java.nio.file.AccessDeniedException}
     */
    public static NativeFile open(Kernel kernel, Path path, Set<OpenFlag> flags, Set<PosixFilePermission> permissions)
            throws IOException {
        Objects.requireNonNull(kernel, "kernel");
        String name = Checks.noNul(path.toString(), "path");
        return open(kernel, name, name, flags, permissions);
    }

    /** open(2) of {@code name}; the file is {@code shownAs} in messages. */
    private static NativeFile open(Kernel kernel, String name, String shownAs, Set<OpenFlag> flags,
                                   Set<PosixFilePermission> permissions) throws IOException {
        int oflags = OpenFlag.bits(flags) | Linux.O_CLOEXEC();
        int mode = Modes.of(permissions);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(name);
            int result;
            do {
                result = kernel.libc().open(cPath, oflags, mode);
            } while (Errors.interrupted(result));
            if (result < 0) {
                throw Errors.exception(Syscall.OPEN, result, name, "flags=0x" + Integer.toHexString(oflags)
                        + ", mode=0" + Integer.toOctalString(mode));
            }
            return new NativeFile(Fd.owned(kernel, result), shownAs);
        }
    }

    /**
     * Opens this file again through {@code /proc/self/fd/N}: a new open file description of the same
     * file, even one since unlinked, with an offset and a read-ahead state of its own (the kernel keeps
     * read-ahead per open file description, so a second reader of the same file does not disturb the
     * first's), its calls going through the same {@link Kernel}.
     *
     * @param flags how to open it; must include an access mode the file allows
     * @return the new file; close it
     * @throws IOException if open(2) fails: {@link java.nio.file.NoSuchFileException} where /proc is not
     *     mounted, a closed-descriptor error if this file is closed
     */
    public NativeFile reopen(Set<OpenFlag> flags) throws IOException {
        NativeFile[] again = new NativeFile[1];
        try {
            // the reference held keeps the number from being reused by another file while it is opened
            fd.holding(n -> {
                again[0] = open(fd.kernel(), "/proc/self/fd/" + n, path, flags, DEFAULT_PERMISSIONS);
                return 0;
            });
        } catch (IOException | RuntimeException e) {
            if (again[0] != null) {
                // it opened, then this file's deferred close failed as the reference was let go
                try {
                    again[0].close();
                } catch (IOException closeError) {
                    e.addSuppressed(closeError);
                }
            }
            throw e;
        }
        return again[0];
    }

    /** {@return the descriptor, for zero-copy calls and hints} It stays owned by this file. */
    public Fd fd() {
        return fd;
    }

    /** {@return the path this file was opened by, for messages} */
    public String path() {
        return path;
    }

    /**
     * One pread(2) into {@code dst}, EINTR retried: may read fewer bytes than {@code dst} holds.
     *
     * @param dst native memory to fill
     * @param position the file offset to read from
     * @return the bytes read, 0 at end of file
     * @throws IOException if pread fails
     */
    public long read(MemorySegment dst, long position) throws IOException {
        Checks.nativeMemory(dst, "dst");
        Checks.writable(dst, "dst");
        Checks.fileRange(position, dst.byteSize());
        long count = dst.byteSize();
        return fd.call(Syscall.PREAD, path, (libc, f) -> libc.pread(f, dst, count, position),
                "count=%d, offset=%d", count, position, 0);
    }

    /**
     * Fills {@code dst} from {@code position}, looping over short reads.
     *
     * @param dst native memory to fill
     * @param position the file offset to read from
     * @throws java.io.EOFException if the file ends first
     * @throws IOException if pread fails
     */
    public void readFully(MemorySegment dst, long position) throws IOException {
        Checks.nativeMemory(dst, "dst");
        Checks.writable(dst, "dst");
        Checks.fileRange(position, dst.byteSize());
        long done = 0;
        while (done < dst.byteSize()) {
            long n = read(dst.asSlice(done), position + done);
            if (n == 0) {
                throw new EOFException(path + " ends at " + (position + done) + ", before "
                        + (position + dst.byteSize()));
            }
            done += n;
        }
    }

    /**
     * Writes all of {@code src} at {@code position} with pwrite(2), looping over short writes and EINTR.
     *
     * @param src native memory to write
     * @param position the file offset to write at
     * @throws IOException if pwrite fails, e.g. with ENOSPC
     */
    public void write(MemorySegment src, long position) throws IOException {
        Checks.nativeMemory(src, "src");
        Checks.fileRange(position, src.byteSize());
        long done = 0;
        while (done < src.byteSize()) {
            MemorySegment rest = src.asSlice(done);
            long at = position + done;
            long count = rest.byteSize();
            done += progress(fd.call(Syscall.PWRITE, path, (libc, f) -> libc.pwrite(f, rest, count, at),
                    "count=%d, offset=%d", count, at, 0));
        }
    }

    /**
     * One preadv2(2) with {@code flags} (e.g. {@link RwFlag#DONTCACHE}): may read fewer bytes than
     * {@code dst} holds.
     *
     * @param dst native memory to fill
     * @param position the file offset to read from
     * @param flags RWF_* flags
     * @return the bytes read, 0 at end of file
     * @throws IOException if preadv2 fails (EOPNOTSUPP for a flag the kernel or file system lacks)
     */
    public long read(MemorySegment dst, long position, Set<RwFlag> flags) throws IOException {
        Checks.nativeMemory(dst, "dst");
        Checks.writable(dst, "dst");
        Checks.fileRange(position, dst.byteSize());
        int bits = NativeFlag.combine(flags);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iov = iovecs(arena, List.of(dst), "preadv2");
            return fd.call(Syscall.PREADV2, path, (libc, f) -> libc.preadv2(f, iov, 1, position, bits),
                    "count=%d, offset=%d, flags=0x%x", dst.byteSize(), position, bits);
        }
    }

    /**
     * Writes all of {@code src} at {@code position} with pwritev2(2) and {@code flags}.
     *
     * @param src native memory to write
     * @param position the file offset to write at
     * @param flags RWF_* flags
     * @throws IOException if pwritev2 fails
     */
    public void write(MemorySegment src, long position, Set<RwFlag> flags) throws IOException {
        write(List.of(src), position, flags);
    }

    /**
     * Writes all of {@code sources}, in order, from {@code position}, with pwritev2(2) and {@code flags}.
     * At most {@link #IOV_MAX} sources: write more in batches. Short writes are continued.
     *
     * @param sources native memory to write, in order
     * @param position the file offset to write the first byte at
     * @param flags RWF_* flags
     * @throws IOException if pwritev2 fails
     */
    public void write(List<MemorySegment> sources, long position, Set<RwFlag> flags) throws IOException {
        Checks.iovecCount(sources.size(), "pwritev2");
        long total = 0;
        for (MemorySegment source : sources) {
            Checks.nativeMemory(source, "source");
            total = Math.addExact(total, source.byteSize());
        }
        Checks.fileRange(position, total);
        int bits = NativeFlag.combine(flags);
        List<MemorySegment> rest = sources;
        long done = 0;
        while (done < total) {
            long at = position + done;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment iov = iovecs(arena, rest, "pwritev2");
                int count = rest.size();
                long n = progress(fd.call(Syscall.PWRITEV2, path, (libc, f) -> libc.pwritev2(f, iov, count, at, bits),
                        "iovcnt=%d, offset=%d, flags=0x%x", count, at, bits));
                done += n;
                rest = skip(rest, n);
            }
        }
    }

    /**
     * {@return the current size in bytes} From fstat(2).
     *
     * @throws IOException if fstat fails
     */
    public long size() throws IOException {
        return status().size();
    }

    /**
     * fstat(2): type, size, allocation, inode and device.
     *
     * @return the file's status now
     * @throws IOException if fstat fails
     */
    public FileStatus status() throws IOException {
        return FileStatus.of(fd, path);
    }

    /**
     * ftruncate(2): cuts or extends the file to {@code size} bytes.
     *
     * @param size the new size in bytes
     * @throws IOException if ftruncate fails
     */
    public void truncate(long size) throws IOException {
        Checks.nonNegative(size, "size");
        fd.call(Syscall.FTRUNCATE, path, (libc, f) -> libc.ftruncate(f, size), "length=%d", size, 0, 0);
    }

    /**
     * fallocate(2); with {@link AllocateFlag#KEEP_SIZE} it reserves blocks without changing the size.
     *
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, more than 0
     * @param flags FALLOC_FL_* flags; none allocates and extends the file
     * @throws IOException if fallocate fails (EOPNOTSUPP where the file system has none)
     */
    public void allocate(long offset, long length, Set<AllocateFlag> flags) throws IOException {
        Checks.fileRange(offset, length);
        Checks.positive(length, "length");
        int mode = NativeFlag.combine(flags);
        fd.call(Syscall.FALLOCATE, path, (libc, f) -> libc.fallocate(f, mode, offset, length),
                "mode=0x%x, offset=%d, length=%d", mode, offset, length);
    }

    /**
     * posix_fadvise(2) over [offset, offset + length); length 0 means to the end of the file.
     *
     * @param advice the advice
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end
     * @throws IOException if posix_fadvise fails
     */
    public void advise(Advice advice, long offset, long length) throws IOException {
        Objects.requireNonNull(advice, "advice");
        Checks.fileRange(offset, length);
        int bits = advice.bits();
        fd.call(Syscall.POSIX_FADVISE, path, (libc, f) -> libc.posixFadvise(f, offset, length, bits),
                "offset=%d, length=%d, advice=" + advice, offset, length, 0);
    }

    /**
     * readahead(2): starts reading the range into the page cache. The kernel caps one call at about
     * the device's read-ahead window; to warm more, call it window by window.
     *
     * @param offset the range's start in bytes
     * @param length the range's length in bytes
     * @throws IOException if readahead fails (EINVAL for a file type without a page cache)
     */
    public void readahead(long offset, long length) throws IOException {
        Checks.fileRange(offset, length);
        fd.call(Syscall.READAHEAD, path, (libc, f) -> libc.readahead(f, offset, length),
                "offset=%d, count=%d", offset, length, 0);
    }

    /**
     * sync_file_range(2): starts or waits for writeback of a range. Not durability: no metadata, no
     * device cache flush.
     *
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end
     * @param flags which of wait-before, write, wait-after
     * @throws IOException if sync_file_range fails
     */
    public void syncRange(long offset, long length, Set<SyncFlag> flags) throws IOException {
        Checks.fileRange(offset, length);
        int bits = NativeFlag.combine(flags);
        fd.call(Syscall.SYNC_FILE_RANGE, path, (libc, f) -> libc.syncFileRange(f, offset, length, bits),
                "offset=%d, count=%d, flags=0x%x", offset, length, bits);
    }

    /**
     * fsync(2): data and metadata durable. After a failure, treat the file's unsynced data as lost:
     * the kernel may have marked those pages clean.
     *
     * @throws IOException if fsync fails
     */
    public void sync() throws IOException {
        fd.call(Syscall.FSYNC, path, (libc, f) -> libc.fsync(f), "", 0, 0, 0);
    }

    /**
     * fdatasync(2): data durable, and the metadata needed to read it back. After a failure, treat the
     * file's unsynced data as lost: the kernel may have marked those pages clean.
     *
     * @throws IOException if fdatasync fails
     */
    public void syncData() throws IOException {
        fd.call(Syscall.FDATASYNC, path, (libc, f) -> libc.fdatasync(f), "", 0, 0, 0);
    }

    /**
     * cachestat(2) over [offset, offset + length) (length 0: to the end). Linux 6.5+; check
     * {@link KernelFeatures#cachestat()} first, or catch ENOSYS.
     *
     * @param offset the range's start in bytes
     * @param length the range's length in bytes, 0 for to the end
     * @return page counts of the range
     * @throws IOException if cachestat fails (ENOSYS before 6.5; EPERM for a file the caller may
     *     neither write nor own)
     */
    public CacheStat cacheStat(long offset, long length) throws IOException {
        Checks.fileRange(offset, length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment range = cachestat_range.allocate(arena);
            cachestat_range.off(range, offset);
            cachestat_range.len(range, length);
            MemorySegment cs = cachestat.allocate(arena);
            fd.call(Syscall.CACHESTAT, path, (libc, f) -> libc.cachestat(f, range, cs, 0),
                    "offset=%d, length=%d", offset, length, 0);
            return new CacheStat(cachestat.nr_cache(cs), cachestat.nr_dirty(cs), cachestat.nr_writeback(cs),
                    cachestat.nr_evicted(cs), cachestat.nr_recently_evicted(cs));
        }
    }

    /**
     * flock(2) with LOCK_EX|LOCK_NB: an exclusive lock on this open file, held until it is closed or
     * its process dies (kill -9 included). Any other open of the same file, in this process or
     * another, is refused it while it is held.
     *
     * @return whether the lock was taken; false if another open file holds it
     * @throws IOException if flock fails other than with EWOULDBLOCK
     */
    public boolean tryLockExclusive() throws IOException {
        int operation = FlockAbi.LOCK_EX | FlockAbi.LOCK_NB;
        try {
            fd.call(Syscall.FLOCK, path, (libc, f) -> libc.flock(f, operation), "operation=LOCK_EX|LOCK_NB", 0, 0, 0);
            return true;
        } catch (IOException e) {
            if (e instanceof NativeError n && n.errno() == FlockAbi.EWOULDBLOCK) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The alignment O_DIRECT reads and writes of this file need: from statx(2) STATX_DIOALIGN where the
     * kernel reports it, else from the block device and the file system ({@link DirectIoAlignment#source()}
     * says which).
     *
     * @return the memory and offset alignment
     * @throws IOException if the file system says it has no direct I/O for this file, or a call fails
     */
    public DirectIoAlignment directIoAlignment() throws IOException {
        return DirectIoAlignment.of(fd, path);
    }

    /**
     * The read-ahead window of the device holding this file (sysfs {@code read_ahead_kb}): the most one
     * {@link #readahead} or {@link Advice#WILLNEED} call brings in, so prefetching more takes one call per
     * window. 128 KiB, the kernel's usual default, where sysfs has no window for the device (tmpfs).
     *
     * @return the window in bytes
     * @throws IOException if fstat fails
     */
    public long readAheadWindow() throws IOException {
        FileStatus status = status();
        return BlockDevices.readAheadBytes(new BlockDevices.DeviceNumber(status.deviceMajor(), status.deviceMinor()))
                .orElse(DEFAULT_READ_AHEAD_BYTES);
    }

    /** {@return whether the file is still open} */
    public boolean isOpen() {
        return fd.isOpen();
    }

    /**
     * Closes the descriptor. Idempotent; a call running on it finishes first.
     *
     * @throws IOException if close fails
     */
    @Override
    public void close() throws IOException {
        fd.close();
    }

    @Override
    public String toString() {
        return "NativeFile[" + path + ", " + fd + "]";
    }

    /** A write that moved no byte would loop forever; the kernel never does that for a regular file. */
    private long progress(long written) throws IOException {
        if (written == 0) {
            throw new IOException("write to " + path + " made no progress");
        }
        return written;
    }

    private static MemorySegment iovecs(Arena arena, List<MemorySegment> buffers, String call) {
        Checks.iovecCount(buffers.size(), call);
        MemorySegment array = iovec.allocateArray(buffers.size(), arena);
        for (int i = 0; i < buffers.size(); i++) {
            Checks.accessible(buffers.get(i), "buffer");
            MemorySegment entry = iovec.asSlice(array, i);
            iovec.iov_base(entry, buffers.get(i));
            iovec.iov_len(entry, buffers.get(i).byteSize());
        }
        return array;
    }

    /** What is left of {@code buffers} after the first {@code n} bytes. */
    private static List<MemorySegment> skip(List<MemorySegment> buffers, long n) {
        int i = 0;
        while (i < buffers.size() && n >= buffers.get(i).byteSize()) {
            n -= buffers.get(i).byteSize();
            i++;
        }
        if (i == buffers.size()) {
            return List.of();
        }
        List<MemorySegment> rest = new java.util.ArrayList<>(buffers.subList(i, buffers.size()));
        rest.set(0, rest.get(0).asSlice(n));
        return rest;
    }
}
