package dev.sluice.sys;

/**
 * The native calls sluice makes, by their C names. A {@link FaultInjector} targets calls by these
 * values; {@link #countArgument()} says which argument of the {@link Libc} method is the byte count
 * a short-count fault may shrink (-1 where there is none).
 */
public enum Syscall {
    OPEN("open", -1),
    OPENAT("openat", -1),
    OPENAT2("openat2", -1),
    CLOSE("close", -1),
    READ("read", 2),
    WRITE("write", 2),
    PREAD("pread", 2),
    PWRITE("pwrite", 2),
    PREADV2("preadv2", -1),
    PWRITEV2("pwritev2", -1),
    LSEEK("lseek", -1),
    FSTAT("fstat", -1),
    FSYNC("fsync", -1),
    FDATASYNC("fdatasync", -1),
    FTRUNCATE("ftruncate", -1),
    FALLOCATE("fallocate", -1),
    POSIX_FADVISE("posix_fadvise", -1),
    READAHEAD("readahead", -1),
    SYNC_FILE_RANGE("sync_file_range", -1),
    MMAP("mmap", -1),
    MUNMAP("munmap", -1),
    MADVISE("madvise", -1),
    MSYNC("msync", -1),
    MINCORE("mincore", -1),
    MLOCK("mlock", -1),
    MUNLOCK("munlock", -1),
    SENDFILE("sendfile", 3),
    SPLICE("splice", 4),
    TEE("tee", 2),
    VMSPLICE("vmsplice", -1),
    PIPE2("pipe2", -1),
    FCNTL("fcntl", -1),
    CACHESTAT("cachestat", -1),
    STATX("statx", -1),
    RENAMEAT("renameat", -1),
    UNLINKAT("unlinkat", -1),
    MKDIRAT("mkdirat", -1),
    GETRLIMIT("getrlimit", -1),
    FLOCK("flock", -1);

    private final String cName;
    private final int countArgument;

    Syscall(String cName, int countArgument) {
        this.cName = cName;
        this.countArgument = countArgument;
    }

    /**
     * The C name. strace may print another: on x86_64 with glibc, open is openat(AT_FDCWD, ...), fstat
     * is newfstatat(fd, "", ..., AT_EMPTY_PATH), pread/pwrite are pread64/pwrite64, posix_fadvise is
     * fadvise64, getrlimit is prlimit64, and strace before 6.5 shows cachestat as syscall_0x1c3.
     */
    public String cName() {
        return cName;
    }

    /** Index of the byte-count argument of the {@link Libc} method, or -1. */
    public int countArgument() {
        return countArgument;
    }

    /** The value whose {@link Libc} method is named {@code methodName}. */
    static Syscall ofMethod(String methodName) {
        return valueOf(methodName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT));
    }
}
