package dev.sluice.sys;

/**
 * The native calls sluice makes, by their C names: a {@link NativeError} names the one that failed.
 */
public enum Syscall {
    /** open(2). */
    OPEN("open", -1),
    /** openat(2). */
    OPENAT("openat", -1),
    /** openat2(2). */
    OPENAT2("openat2", -1),
    /** close(2). */
    CLOSE("close", -1),
    /** read(2). */
    READ("read", 2),
    /** write(2). */
    WRITE("write", 2),
    /** pread(2). */
    PREAD("pread", 2),
    /** pwrite(2). */
    PWRITE("pwrite", 2),
    /** preadv2(2). */
    PREADV2("preadv2", -1),
    /** pwritev2(2). */
    PWRITEV2("pwritev2", -1),
    /** lseek(2). */
    LSEEK("lseek", -1),
    /** fstat(2). */
    FSTAT("fstat", -1),
    /** fsync(2). */
    FSYNC("fsync", -1),
    /** fdatasync(2). */
    FDATASYNC("fdatasync", -1),
    /** ftruncate(2). */
    FTRUNCATE("ftruncate", -1),
    /** fallocate(2). */
    FALLOCATE("fallocate", -1),
    /** posix_fadvise(2). */
    POSIX_FADVISE("posix_fadvise", -1),
    /** readahead(2). */
    READAHEAD("readahead", -1),
    /** sync_file_range(2). */
    SYNC_FILE_RANGE("sync_file_range", -1),
    /** mmap(2). */
    MMAP("mmap", -1),
    /** munmap(2). */
    MUNMAP("munmap", -1),
    /** madvise(2). */
    MADVISE("madvise", -1),
    /** msync(2). */
    MSYNC("msync", -1),
    /** mincore(2). */
    MINCORE("mincore", -1),
    /** mlock(2). */
    MLOCK("mlock", -1),
    /** munlock(2). */
    MUNLOCK("munlock", -1),
    /** sendfile(2). */
    SENDFILE("sendfile", 3),
    /** splice(2). */
    SPLICE("splice", 4),
    /** tee(2). */
    TEE("tee", 2),
    /** vmsplice(2). */
    VMSPLICE("vmsplice", -1),
    /** pipe2(2). */
    PIPE2("pipe2", -1),
    /** fcntl(2). */
    FCNTL("fcntl", -1),
    /** cachestat(2). */
    CACHESTAT("cachestat", -1),
    /** statx(2). */
    STATX("statx", -1),
    /** renameat(2). */
    RENAMEAT("renameat", -1),
    /** unlinkat(2). */
    UNLINKAT("unlinkat", -1),
    /** mkdirat(2). */
    MKDIRAT("mkdirat", -1),
    /** getrlimit(2). */
    GETRLIMIT("getrlimit", -1),
    /** flock(2). */
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
     *
     * @return the C name, e.g. "sync_file_range"
     */
    public String cName() {
        return cName;
    }

    /** The index of the byte-count argument of the {@link Libc} method (a short count lowers it), or -1. */
    int countArgument() {
        return countArgument;
    }

    /** The value whose {@link Libc} method is named {@code methodName}. */
    static Syscall ofMethod(String methodName) {
        return valueOf(methodName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT));
    }
}
