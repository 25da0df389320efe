package dev.sluice.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * Makes every {@link Syscall} once or more, through the public API of this package, on files in the
 * directory {@code args[0]}, so that {@link SyscallTraceTest} can find each call under strace. The
 * sizes are distinctive so the test can tell these calls from the JVM's own. Exits non-zero if any
 * call fails.
 *
 * <p>Three places go to {@link Native#libc()} directly, each because no public method makes the call:
 * read/write (sluice has no plain read or write), lseek, openat (only the fallback of
 * {@link NativeDirectory#openFile} when the kernel lacks openat2, decided by a probe that bypasses
 * {@link Native#install}) and getrlimit (only the message of a failed {@link MappedRegion#lock()}).
 * Passing a descriptor to them needs its number, which {@link Fd} does not expose publicly;
 * {@link #number(Fd)} borrows it with the package-private {@link Fd#acquire()}.
 */
public final class SyscallExerciser {
    /** Bytes moved by read, write, pread, pwrite, sendfile, splice, tee and vmsplice. */
    static final int COUNT = 12345;
    /** Bytes moved by preadv2 and pwritev2, at offset {@link #COUNT}. */
    static final int VECTOR_COUNT = 12346;
    /** The data file's size after ftruncate; also the range of fadvise, readahead, sync_file_range, cachestat. */
    static final long TRUNCATED = 23456;
    /** Bytes reserved (KEEP_SIZE) by fallocate. */
    static final long ALLOCATED = 65536;
    /** Length of the mapping: mmap, madvise, msync, mincore, mlock, munlock and munmap all carry it. */
    static final long MAPPED = 13522;
    /** Offset lseek moves to. */
    static final long SEEK_TO = 4321;
    /** Pipe buffer asked for with F_SETPIPE_SZ. */
    static final int PIPE_SIZE = 131072;

    static final String DATA = "data.bin";
    static final String SPLICED = "spliced.bin";
    static final String VIA_OPENAT = "via-openat.bin";
    static final String VIA_OPENAT2 = "via-openat2.bin";
    static final String RENAMED = "renamed-by-renameat.bin";
    static final String MADE_DIRECTORY = "made-by-mkdirat";

    /** Printed (and so written to fd 1) before each group of calls; the test finds the main thread by it. */
    static final String MARK = "sluice-exerciser: ";

    private SyscallExerciser() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        mark("begin");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(COUNT + VECTOR_COUNT);
            for (long i = 0; i < bytes.byteSize(); i++) {
                bytes.set(ValueLayout.JAVA_BYTE, i, (byte) ('a' + i % 26));
            }
            mark("open");
            try (NativeFile file = NativeFile.open(dir.resolve(DATA),
                    EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE))) {
                fileCalls(file, bytes, arena);
                mark("flock");
                check(file.tryLockExclusive(), "flock refused on a file nobody else has open");
                mark("mmap");
                mapping(file);
                mark("pipe2");
                pipes(file, dir, bytes, arena);
                mark("sendfile");
                sendfile(file);
                mark("close");
            }
            mark("openat2");
            directory(dir);
            mark("getrlimit");
            getrlimit(arena);
        }
        mark("end");
    }

    private static void fileCalls(NativeFile file, MemorySegment bytes, Arena arena) throws IOException {
        mark("pwrite pread");
        file.write(bytes.asSlice(0, COUNT), 0);
        MemorySegment back = arena.allocate(COUNT);
        file.readFully(back, 0);
        check(back.mismatch(bytes.asSlice(0, COUNT)) == -1, "pread read back other bytes");

        mark("pwritev2 preadv2");
        file.write(bytes.asSlice(COUNT, VECTOR_COUNT), COUNT, EnumSet.of(RwFlag.DSYNC));
        long n = file.read(arena.allocate(VECTOR_COUNT), COUNT, EnumSet.noneOf(RwFlag.class));
        check(n == VECTOR_COUNT, "preadv2 read " + n);

        mark("lseek");
        // No public method makes lseek(2).
        int fd = number(file.fd());
        try {
            long at = Kernel.system().libc().lseek(fd, SEEK_TO, Linux.SEEK_SET());
            check(at == SEEK_TO, "lseek returned " + at);
        } finally {
            file.fd().release();
        }

        mark("ftruncate fstat");
        file.truncate(TRUNCATED);
        long size = file.size();
        check(size == TRUNCATED, "size after truncate: " + size);

        mark("fallocate");
        file.allocate(0, ALLOCATED, EnumSet.of(AllocateFlag.KEEP_SIZE));

        mark("fadvise64");
        file.advise(Advice.WILLNEED, 0, TRUNCATED);

        mark("readahead");
        file.readahead(0, TRUNCATED);

        mark("sync_file_range");
        file.syncRange(0, TRUNCATED, EnumSet.of(SyncFlag.WRITE, SyncFlag.WAIT_AFTER));

        mark("fsync fdatasync");
        file.sync();
        file.syncData();

        mark("cachestat");
        CacheStat stat = file.cacheStat(0, TRUNCATED);
        check(stat != null, "no cachestat result");

        mark("statx");
        check(file.directIoAlignment().offset() > 0, "no direct I/O alignment");

        mark("fcntl F_GETFD");
        check(file.fd().isCloseOnExec(), "file opened without FD_CLOEXEC");
    }

    /** fcntl(F_DUPFD_CLOEXEC), mmap, madvise, msync, mincore, mlock, munlock, munmap. */
    private static void mapping(NativeFile file) throws IOException {
        try (MappedRegion region = MappedRegion.map(file, 0, MAPPED, MappedRegion.Access.READ_WRITE,
                MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.CONFINED)) {
            try (Arena local = Arena.ofConfined()) {
                region.write(local.allocateFrom("mapped"), 0);
            }
            mark("madvise");
            region.advise(MapAdvice.COLD, 0, MAPPED);
            mark("msync");
            region.sync(0, MAPPED, true);
            mark("mincore");
            region.residentPages();
            mark("mlock munlock");
            region.lock();
            region.unlock();
            mark("munmap");
        }
    }

    /** pipe2, fcntl(F_GETPIPE_SZ/F_SETPIPE_SZ), write, read, vmsplice, tee, splice file->pipe->file. */
    private static void pipes(NativeFile file, Path dir, MemorySegment bytes, Arena arena) throws IOException {
        try (Pipe a = Pipe.open(false);
             Pipe b = Pipe.open(true);
             NativeFile out = NativeFile.open(dir.resolve(SPLICED),
                     EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE))) {
            mark("fcntl pipe size");
            check(a.capacity() > 0, "pipe capacity");
            check(a.resize(PIPE_SIZE) >= PIPE_SIZE, "pipe resize");

            mark("write read");
            // No public method makes read(2) or write(2).
            rawWriteThenRead(a, bytes.asSlice(0, COUNT), arena.allocate(COUNT));

            mark("vmsplice");
            long n = ZeroCopy.vmsplice(a.writeEnd(), bytes.asSlice(0, COUNT), EnumSet.noneOf(SpliceFlag.class));
            check(n == COUNT, "vmsplice moved " + n);

            mark("tee");
            n = ZeroCopy.tee(a.readEnd(), b.writeEnd(), COUNT, EnumSet.noneOf(SpliceFlag.class));
            check(n == COUNT, "tee moved " + n);

            mark("splice");
            // Drain the vmspliced bytes, then file -> pipe -> file.
            n = ZeroCopy.splice(a.readEnd(), ZeroCopy.CURRENT_POSITION, out.fd(), 0, COUNT,
                    EnumSet.noneOf(SpliceFlag.class));
            check(n == COUNT, "splice pipe->file moved " + n);
            n = ZeroCopy.splice(file.fd(), 0, a.writeEnd(), ZeroCopy.CURRENT_POSITION, COUNT,
                    EnumSet.noneOf(SpliceFlag.class));
            check(n == COUNT, "splice file->pipe moved " + n);
            n = ZeroCopy.splice(a.readEnd(), ZeroCopy.CURRENT_POSITION, out.fd(), COUNT, COUNT,
                    EnumSet.noneOf(SpliceFlag.class));
            check(n == COUNT, "splice pipe->file moved " + n);
            long size = out.size();
            check(size == 2L * COUNT, "spliced file has " + size + " bytes");
        }
    }

    private static void rawWriteThenRead(Pipe pipe, MemorySegment src, MemorySegment dst) throws IOException {
        int w = number(pipe.writeEnd());
        try {
            long n = Kernel.system().libc().write(w, src, src.byteSize());
            check(n == src.byteSize(), "write returned " + n);
        } finally {
            pipe.writeEnd().release();
        }
        int r = number(pipe.readEnd());
        try {
            long n = Kernel.system().libc().read(r, dst, dst.byteSize());
            check(n == dst.byteSize(), "read returned " + n);
        } finally {
            pipe.readEnd().release();
        }
    }

    /** sendfile from the data file to a connected 127.0.0.1 socket. */
    private static void sendfile(NativeFile file) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                 SocketChannel accepted = server.accept()) {
                long n = ZeroCopy.sendfile(ChannelFds.of(client), file.fd(), 0, COUNT);
                check(n == COUNT, "sendfile moved " + n);
                ByteBuffer received = ByteBuffer.allocate(COUNT);
                while (received.hasRemaining()) {
                    if (accepted.read(received) < 0) {
                        throw new IOException("socket closed after " + received.position() + " bytes");
                    }
                }
            }
        }
    }

    /** open (O_DIRECTORY), openat2, openat, mkdirat, renameat, unlinkat, and close of each. */
    private static void directory(Path dir) throws IOException {
        try (NativeDirectory directory = NativeDirectory.open(dir)) {
            try (NativeFile created = directory.openFile(VIA_OPENAT2,
                    EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE_NEW), NativeFile.DEFAULT_PERMISSIONS)) {
                check(created.size() == 0, "new file not empty");
            }

            mark("openat");
            // openat(2) is only NativeDirectory.openFile's fallback for kernels without openat2, chosen by
            // KernelFeatures' probe, which calls the system kernel and so cannot be steered: call it directly.
            int dirFd = number(directory.fd());
            try (Arena local = Arena.ofConfined()) {
                int fd = Kernel.system().libc().openat(dirFd, local.allocateFrom(VIA_OPENAT),
                        Linux.O_RDWR() | Linux.O_CREAT() | Linux.O_EXCL() | Linux.O_NOFOLLOW() | Linux.O_CLOEXEC(),
                        0640);
                check(fd >= 0, "openat failed: " + Errno.symbol(-fd));
                check(Kernel.system().libc().close(fd) == 0, "close after openat failed");
            } finally {
                directory.fd().release();
            }

            mark("mkdirat");
            directory.createDirectory(MADE_DIRECTORY, PosixFilePermissions.fromString("rwxr-x---"));
            mark("renameat");
            directory.rename(VIA_OPENAT2, RENAMED);
            mark("unlinkat");
            directory.delete(RENAMED);
            directory.delete(VIA_OPENAT);
        }
    }

    private static void getrlimit(Arena arena) {
        // The only public path to getrlimit(2) is the explanation MappedRegion.lock() adds when mlock fails
        // with ENOMEM/EAGAIN/EPERM, which a process with CAP_IPC_LOCK (e.g. root) cannot provoke.
        MemorySegment limit = rlimit.allocate(arena);
        int result = Kernel.system().libc().getrlimit(Linux.RLIMIT_MEMLOCK(), limit);
        check(result == 0, "getrlimit failed: " + Errno.symbol(-result));
    }

    /** The descriptor's number, with a reference held: pair with {@link Fd#release()}. */
    private static int number(Fd fd) throws IOException {
        return fd.acquire();
    }

    private static void mark(String group) {
        System.out.println(MARK + group);
        System.out.flush();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
