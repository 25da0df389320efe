package dev.sluice.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static dev.sluice.sys.Linux.C_INT;
import static dev.sluice.sys.Linux.C_LONG;
import static dev.sluice.sys.Linux.C_POINTER;

/**
 * {@link Libc} over FFM: each handle links a libc function with {@code captureCallState("errno")},
 * and errno lands in a buffer owned by the calling thread, so threads never race on it.
 *
 * <p>Each handle lives in a holder class of its own, linked the first time it is called: linking
 * all of them up front cost a command line most of its start-up, for calls it never makes. A
 * static final field in a holder is still a constant to the JIT.
 *
 * <p>The descriptors are the jextract-generated ones ({@code Linux.close$descriptor()} and so
 * on), written out here: asking the generated class for one initialises its holder, which links a
 * second handle without errno capture, and that doubled the linking a command pays at start.
 * {@code FfmLibcDescriptorsTest} holds each one equal to the generated descriptor.
 */
final class FfmLibc implements Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final long ERRNO_OFFSET = Linker.Option.captureStateLayout()
            .byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> ERRNO_BUFFER = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(Linker.Option.captureStateLayout()));

    private static final long SYS_OPENAT2 = Linux.SYS_openat2();
    private static final long SYS_CACHESTAT = Linux.SYS_cachestat();

    static final class Open {
        static final String FUNCTION = "open";
        static final int FIRST_VARIADIC = 2;
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT);
        static final MethodHandle HANDLE = variadic(FUNCTION, DESCRIPTOR, FIRST_VARIADIC);
    }

    static final class Openat {
        static final String FUNCTION = "openat";
        static final int FIRST_VARIADIC = 3;
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT);
        static final MethodHandle HANDLE = variadic(FUNCTION, DESCRIPTOR, FIRST_VARIADIC);
    }

    static final class Fcntl {
        static final String FUNCTION = "fcntl";
        static final int FIRST_VARIADIC = 2;
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = variadic(FUNCTION, DESCRIPTOR, FIRST_VARIADIC);
    }

    /**
     * syscall(long number, long, void *, void *, long), the shape of openat2 and cachestat. Integer
     * arguments go as full longs; pointers as segments, so FFM keeps them alive during the call.
     */
    static final class Syscall4 {
        static final String FUNCTION = "syscall";
        static final int FIRST_VARIADIC = 1;
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_LONG, C_LONG, C_POINTER, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = variadic(FUNCTION, DESCRIPTOR, FIRST_VARIADIC);
    }

    /** syscall(long number, long, long), the shape of flock. */
    static final class Syscall2 {
        static final String FUNCTION = "syscall";
        static final int FIRST_VARIADIC = 1;
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_LONG, C_LONG, C_LONG);
        static final MethodHandle HANDLE = variadic(FUNCTION, DESCRIPTOR, FIRST_VARIADIC);
    }

    /** syscall(long number, long, void *, long, long, void *), the shape of statx. */
    static final class SyscallStatx {
        static final String FUNCTION = "syscall";
        static final int FIRST_VARIADIC = 1;
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_LONG, C_LONG, C_POINTER, C_LONG, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = variadic(FUNCTION, DESCRIPTOR, FIRST_VARIADIC);
    }

    static final class Close {
        static final String FUNCTION = "close";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Read {
        static final String FUNCTION = "read";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Write {
        static final String FUNCTION = "write";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Pread {
        static final String FUNCTION = "pread";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Pwrite {
        static final String FUNCTION = "pwrite";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Preadv2 {
        static final String FUNCTION = "preadv2";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT, C_LONG, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Pwritev2 {
        static final String FUNCTION = "pwritev2";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT, C_LONG, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Lseek {
        static final String FUNCTION = "lseek";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Fstat {
        static final String FUNCTION = "fstat";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Fsync {
        static final String FUNCTION = "fsync";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Fdatasync {
        static final String FUNCTION = "fdatasync";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Ftruncate {
        static final String FUNCTION = "ftruncate";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Fallocate {
        static final String FUNCTION = "fallocate";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_LONG, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Fadvise {
        static final String FUNCTION = "posix_fadvise";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_LONG, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Readahead {
        static final String FUNCTION = "readahead";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class SyncFileRange {
        static final String FUNCTION = "sync_file_range";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_LONG, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Mmap {
        static final String FUNCTION = "mmap";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG, C_INT, C_INT, C_INT, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Munmap {
        static final String FUNCTION = "munmap";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Madvise {
        static final String FUNCTION = "madvise";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Msync {
        static final String FUNCTION = "msync";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Mincore {
        static final String FUNCTION = "mincore";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Mlock {
        static final String FUNCTION = "mlock";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Munlock {
        static final String FUNCTION = "munlock";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Sendfile {
        static final String FUNCTION = "sendfile";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Splice {
        static final String FUNCTION = "splice";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Tee {
        static final String FUNCTION = "tee";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_INT, C_LONG, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Vmsplice {
        static final String FUNCTION = "vmsplice";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Pipe2 {
        static final String FUNCTION = "pipe2";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Renameat {
        static final String FUNCTION = "renameat";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Unlinkat {
        static final String FUNCTION = "unlinkat";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Mkdirat {
        static final String FUNCTION = "mkdirat";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }

    static final class Getrlimit {
        static final String FUNCTION = "getrlimit";
        static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final MethodHandle HANDLE = fixed(FUNCTION, DESCRIPTOR);
    }


    private static MethodHandle fixed(String function, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(address(function), descriptor, CAPTURE_ERRNO);
    }

    private static MethodHandle variadic(String function, FunctionDescriptor descriptor, int firstVariadic) {
        return LINKER.downcallHandle(address(function), descriptor, Linker.Option.firstVariadicArg(firstVariadic),
                CAPTURE_ERRNO);
    }

    private static MemorySegment address(String function) {
        return LIBC.find(function).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + function));
    }

    private static MemorySegment errnoBuffer() {
        return ERRNO_BUFFER.get();
    }

    private static int result(int value, MemorySegment errno) {
        return value == -1 ? -errno.get(ValueLayout.JAVA_INT, ERRNO_OFFSET) : value;
    }

    private static long result(long value, MemorySegment errno) {
        return value == -1 ? -errno.get(ValueLayout.JAVA_INT, ERRNO_OFFSET) : value;
    }

    /** Errors from the FFM runtime itself (closed arena, wrong thread, heap segment) pass through unchanged. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    @Override
    public int open(MemorySegment path, int flags, int mode) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Open.HANDLE.invokeExact(errno, path, flags, mode), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int openat(int dirfd, MemorySegment path, int flags, int mode) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Openat.HANDLE.invokeExact(errno, dirfd, path, flags, mode), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int openat2(int dirfd, MemorySegment path, MemorySegment how, long size) {
        return (int) syscall(SYS_OPENAT2, dirfd, path, how, size);
    }

    @Override
    public int cachestat(int fd, MemorySegment range, MemorySegment stat, int flags) {
        return (int) syscall(SYS_CACHESTAT, fd, range, stat, flags);
    }

    @Override
    public int flock(int fd, int operation) {
        MemorySegment errno = errnoBuffer();
        try {
            return (int) result((long) Syscall2.HANDLE.invokeExact(errno, FlockAbi.SYS_FLOCK, (long) fd, (long) operation),
                    errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int statx(int dirfd, MemorySegment path, int flags, int mask, MemorySegment statx) {
        if (StatxAbi.SYS_STATX < 0) {
            return -Errno.ENOSYS.value(); // an architecture whose statx number sluice does not know
        }
        MemorySegment errno = errnoBuffer();
        try {
            return (int) result((long) SyscallStatx.HANDLE.invokeExact(errno, StatxAbi.SYS_STATX, (long) dirfd, path,
                    (long) flags, (long) mask, statx), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static long syscall(long number, long a, MemorySegment b, MemorySegment c, long d) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Syscall4.HANDLE.invokeExact(errno, number, a, b, c, d), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int close(int fd) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Close.HANDLE.invokeExact(errno, fd), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long read(int fd, MemorySegment buf, long count) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Read.HANDLE.invokeExact(errno, fd, buf, count), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long write(int fd, MemorySegment buf, long count) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Write.HANDLE.invokeExact(errno, fd, buf, count), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pread(int fd, MemorySegment buf, long count, long offset) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Pread.HANDLE.invokeExact(errno, fd, buf, count, offset), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pwrite(int fd, MemorySegment buf, long count, long offset) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Pwrite.HANDLE.invokeExact(errno, fd, buf, count, offset), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long preadv2(int fd, MemorySegment iov, int iovcnt, long offset, int flags) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Preadv2.HANDLE.invokeExact(errno, fd, iov, iovcnt, offset, flags), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pwritev2(int fd, MemorySegment iov, int iovcnt, long offset, int flags) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Pwritev2.HANDLE.invokeExact(errno, fd, iov, iovcnt, offset, flags), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long lseek(int fd, long offset, int whence) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Lseek.HANDLE.invokeExact(errno, fd, offset, whence), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fstat(int fd, MemorySegment stat) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Fstat.HANDLE.invokeExact(errno, fd, stat), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fsync(int fd) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Fsync.HANDLE.invokeExact(errno, fd), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fdatasync(int fd) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Fdatasync.HANDLE.invokeExact(errno, fd), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int ftruncate(int fd, long length) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Ftruncate.HANDLE.invokeExact(errno, fd, length), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fallocate(int fd, int mode, long offset, long length) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Fallocate.HANDLE.invokeExact(errno, fd, mode, offset, length), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int posixFadvise(int fd, long offset, long length, int advice) {
        MemorySegment errno = errnoBuffer();
        try {
            int error = (int) Fadvise.HANDLE.invokeExact(errno, fd, offset, length, advice);
            return -error; // posix_fadvise returns the error number instead of setting errno
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long readahead(int fd, long offset, long count) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Readahead.HANDLE.invokeExact(errno, fd, offset, count), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int syncFileRange(int fd, long offset, long count, int flags) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) SyncFileRange.HANDLE.invokeExact(errno, fd, offset, count, flags), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mmap(long address, long length, int prot, int flags, int fd, long offset) {
        MemorySegment errno = errnoBuffer();
        try {
            MemorySegment mapped = (MemorySegment) Mmap.HANDLE.invokeExact(errno, MemorySegment.ofAddress(address),
                    length, prot, flags, fd, offset);
            return result(mapped.address(), errno); // MAP_FAILED is (void *) -1
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int munmap(MemorySegment address, long length) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Munmap.HANDLE.invokeExact(errno, address, length), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int madvise(MemorySegment address, long length, int advice) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Madvise.HANDLE.invokeExact(errno, address, length, advice), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int msync(MemorySegment address, long length, int flags) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Msync.HANDLE.invokeExact(errno, address, length, flags), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int mincore(MemorySegment address, long length, MemorySegment vector) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Mincore.HANDLE.invokeExact(errno, address, length, vector), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int mlock(MemorySegment address, long length) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Mlock.HANDLE.invokeExact(errno, address, length), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int munlock(MemorySegment address, long length) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Munlock.HANDLE.invokeExact(errno, address, length), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long sendfile(int outFd, int inFd, MemorySegment offset, long count) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Sendfile.HANDLE.invokeExact(errno, outFd, inFd, offset, count), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long splice(int inFd, MemorySegment inOffset, int outFd, MemorySegment outOffset, long count, int flags) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Splice.HANDLE.invokeExact(errno, inFd, inOffset, outFd, outOffset, count, flags), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long tee(int inFd, int outFd, long count, int flags) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Tee.HANDLE.invokeExact(errno, inFd, outFd, count, flags), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long vmsplice(int fd, MemorySegment iov, long iovcnt, int flags) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((long) Vmsplice.HANDLE.invokeExact(errno, fd, iov, iovcnt, flags), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int pipe2(MemorySegment fds, int flags) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Pipe2.HANDLE.invokeExact(errno, fds, flags), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Fcntl.HANDLE.invokeExact(errno, fd, cmd, arg), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int renameat(int oldDirfd, MemorySegment oldPath, int newDirfd, MemorySegment newPath) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Renameat.HANDLE.invokeExact(errno, oldDirfd, oldPath, newDirfd, newPath), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int unlinkat(int dirfd, MemorySegment path, int flags) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Unlinkat.HANDLE.invokeExact(errno, dirfd, path, flags), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int mkdirat(int dirfd, MemorySegment path, int mode) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Mkdirat.HANDLE.invokeExact(errno, dirfd, path, mode), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int getrlimit(int resource, MemorySegment limit) {
        MemorySegment errno = errnoBuffer();
        try {
            return result((int) Getrlimit.HANDLE.invokeExact(errno, resource, limit), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
