package dev.sluice.sys;

import java.lang.foreign.MemorySegment;

/**
 * The raw Linux calls, one method per {@link Syscall}, in the kernel's own convention: a result
 * {@code >= 0} on success, {@code -errno} on failure. Nothing here checks arguments, retries or
 * throws; the classes of this package do that on top.
 *
 * <p>The implementation in use comes from {@link Native#libc()}. Tests swap in a
 * {@link FaultInjector} with {@link Native#install(Libc)} to make any call fail.
 *
 * <p>Pointer arguments are {@link MemorySegment}s so that the FFM runtime refuses closed or
 * foreign-thread segments before the kernel sees their address. {@code mmap} returns the address.
 */
public interface Libc {
    int open(MemorySegment path, int flags, int mode);

    int openat(int dirfd, MemorySegment path, int flags, int mode);

    /** openat2(2) through syscall(2); {@code how} is a {@code struct open_how}. */
    int openat2(int dirfd, MemorySegment path, MemorySegment how, long size);

    int close(int fd);

    long read(int fd, MemorySegment buf, long count);

    long write(int fd, MemorySegment buf, long count);

    long pread(int fd, MemorySegment buf, long count, long offset);

    long pwrite(int fd, MemorySegment buf, long count, long offset);

    long preadv2(int fd, MemorySegment iov, int iovcnt, long offset, int flags);

    long pwritev2(int fd, MemorySegment iov, int iovcnt, long offset, int flags);

    long lseek(int fd, long offset, int whence);

    int fstat(int fd, MemorySegment stat);

    int fsync(int fd);

    int fdatasync(int fd);

    int ftruncate(int fd, long length);

    int fallocate(int fd, int mode, long offset, long length);

    /** posix_fadvise(2); unlike the C function, failure is reported as {@code -errno} too. */
    int posixFadvise(int fd, long offset, long length, int advice);

    long readahead(int fd, long offset, long count);

    int syncFileRange(int fd, long offset, long count, int flags);

    /** The mapped address, or {@code -errno}. */
    long mmap(long address, long length, int prot, int flags, int fd, long offset);

    int munmap(MemorySegment address, long length);

    int madvise(MemorySegment address, long length, int advice);

    int msync(MemorySegment address, long length, int flags);

    int mincore(MemorySegment address, long length, MemorySegment vector);

    int mlock(MemorySegment address, long length);

    int munlock(MemorySegment address, long length);

    /** sendfile(2); {@code offset} points to an {@code off_t}, or is {@link MemorySegment#NULL}. */
    long sendfile(int outFd, int inFd, MemorySegment offset, long count);

    long splice(int inFd, MemorySegment inOffset, int outFd, MemorySegment outOffset, long count, int flags);

    long tee(int inFd, int outFd, long count, int flags);

    long vmsplice(int fd, MemorySegment iov, long iovcnt, int flags);

    /** pipe2(2); {@code fds} receives two ints. */
    int pipe2(MemorySegment fds, int flags);

    /** fcntl(2) with an int argument. */
    int fcntl(int fd, int cmd, int arg);

    /** statx(2) through syscall(2); {@code statx} is a {@code struct statx} ({@link StatxAbi}). */
    int statx(int dirfd, MemorySegment path, int flags, int mask, MemorySegment statx);

    /** cachestat(2) through syscall(2). */
    int cachestat(int fd, MemorySegment range, MemorySegment stat, int flags);

    int renameat(int oldDirfd, MemorySegment oldPath, int newDirfd, MemorySegment newPath);

    int unlinkat(int dirfd, MemorySegment path, int flags);

    int mkdirat(int dirfd, MemorySegment path, int mode);

    /** getrlimit(2); {@code limit} is a {@code struct rlimit}. */
    int getrlimit(int resource, MemorySegment limit);

    /** flock(2) through syscall(2). */
    int flock(int fd, int operation);
}
