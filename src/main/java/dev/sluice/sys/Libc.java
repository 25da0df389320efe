package dev.sluice.sys;

import java.lang.foreign.MemorySegment;

/**
 * The raw Linux calls, one method per {@link Syscall}, in the kernel's own convention: a result
 * {@code >= 0} on success, {@code -errno} on failure. Nothing here checks arguments, retries or
 * throws; the classes of this package do that on top.
 *
 * <p>Not public: these calls take raw addresses (munmap on any address kills the JVM), so they are
 * reached only through a {@link Kernel}, which every {@link Fd} holds. {@code FfmLibc} is the real
 * one; tests of this package wrap it (see {@code FaultInjector} in the test sources).
 *
 * <p>Pointer arguments are {@link MemorySegment}s so that the FFM runtime refuses closed or
 * foreign-thread segments before the kernel sees their address. {@code mmap} returns the address.
 */
interface Libc {
    /**
     * open(2).
     *
     * @param path a NUL-terminated path in native memory
     * @param flags O_* flags
     * @param mode permission bits for a created file or directory
     * @return the new descriptor, or {@code -errno}
     */
    int open(MemorySegment path, int flags, int mode);

    /**
     * openat(2).
     *
     * @param dirfd the directory descriptor a relative path starts from (or AT_FDCWD)
     * @param path a NUL-terminated path in native memory
     * @param flags O_* flags
     * @param mode permission bits for a created file or directory
     * @return the new descriptor, or {@code -errno}
     */
    int openat(int dirfd, MemorySegment path, int flags, int mode);

    /**
     * openat2(2) through syscall(2); {@code how} is a {@code struct open_how}.
     *
     * @param dirfd the directory descriptor a relative path starts from (or AT_FDCWD)
     * @param path a NUL-terminated path in native memory
     * @param how a {@code struct open_how}
     * @param size the size of {@code how} in bytes
     * @return the new descriptor, or {@code -errno}
     */
    int openat2(int dirfd, MemorySegment path, MemorySegment how, long size);

    /**
     * close(2).
     *
     * @param fd the descriptor
     * @return 0, or {@code -errno}
     */
    int close(int fd);

    /**
     * read(2) at the descriptor's position.
     *
     * @param fd the descriptor
     * @param buf the buffer, at least {@code count} bytes
     * @param count bytes to move
     * @return the bytes read, 0 at the end, or {@code -errno}
     */
    long read(int fd, MemorySegment buf, long count);

    /**
     * write(2) at the descriptor's position.
     *
     * @param fd the descriptor
     * @param buf the buffer, at least {@code count} bytes
     * @param count bytes to move
     * @return the bytes written, or {@code -errno}
     */
    long write(int fd, MemorySegment buf, long count);

    /**
     * pread(2): read at {@code offset}; the descriptor's position does not move.
     *
     * @param fd the descriptor
     * @param buf the buffer, at least {@code count} bytes
     * @param count bytes to move
     * @param offset the file offset in bytes
     * @return the bytes read, 0 at the end, or {@code -errno}
     */
    long pread(int fd, MemorySegment buf, long count, long offset);

    /**
     * pwrite(2): write at {@code offset}; the descriptor's position does not move.
     *
     * @param fd the descriptor
     * @param buf the buffer, at least {@code count} bytes
     * @param count bytes to move
     * @param offset the file offset in bytes
     * @return the bytes written, or {@code -errno}
     */
    long pwrite(int fd, MemorySegment buf, long count, long offset);

    /**
     * preadv2(2): a vectored read at {@code offset}, with RWF_* flags.
     *
     * @param fd the descriptor
     * @param iov an array of {@code struct iovec}
     * @param iovcnt the number of iovecs
     * @param offset the file offset in bytes
     * @param flags RWF_* flags
     * @return the bytes read, 0 at the end, or {@code -errno}
     */
    long preadv2(int fd, MemorySegment iov, int iovcnt, long offset, int flags);

    /**
     * pwritev2(2): a vectored write at {@code offset}, with RWF_* flags.
     *
     * @param fd the descriptor
     * @param iov an array of {@code struct iovec}
     * @param iovcnt the number of iovecs
     * @param offset the file offset in bytes
     * @param flags RWF_* flags
     * @return the bytes written, or {@code -errno}
     */
    long pwritev2(int fd, MemorySegment iov, int iovcnt, long offset, int flags);

    /**
     * lseek(2).
     *
     * @param fd the descriptor
     * @param offset the offset, relative to {@code whence}
     * @param whence SEEK_SET, SEEK_CUR or SEEK_END
     * @return the new position, or {@code -errno}
     */
    long lseek(int fd, long offset, int whence);

    /**
     * fstat(2).
     *
     * @param fd the descriptor
     * @param stat receives a {@code struct stat}
     * @return 0, or {@code -errno}
     */
    int fstat(int fd, MemorySegment stat);

    /**
     * fsync(2): file data and metadata to the device.
     *
     * @param fd the descriptor
     * @return 0, or {@code -errno}
     */
    int fsync(int fd);

    /**
     * fdatasync(2): file data, and the metadata needed to read it, to the device.
     *
     * @param fd the descriptor
     * @return 0, or {@code -errno}
     */
    int fdatasync(int fd);

    /**
     * ftruncate(2).
     *
     * @param fd the descriptor
     * @param length the new size in bytes
     * @return 0, or {@code -errno}
     */
    int ftruncate(int fd, long length);

    /**
     * fallocate(2).
     *
     * @param fd the descriptor
     * @param mode FALLOC_FL_* flags, 0 to allocate and extend
     * @param offset the file offset in bytes
     * @param length the length in bytes
     * @return 0, or {@code -errno}
     */
    int fallocate(int fd, int mode, long offset, long length);

    /**
     * posix_fadvise(2); unlike the C function, failure is reported as {@code -errno} too.
     *
     * @param fd the descriptor
     * @param offset the file offset in bytes
     * @param length the length in bytes
     * @param advice a POSIX_FADV_* advice
     * @return 0, or {@code -errno}
     */
    int posixFadvise(int fd, long offset, long length, int advice);

    /**
     * readahead(2): start reading a range into the page cache.
     *
     * @param fd the descriptor
     * @param offset the file offset in bytes
     * @param count bytes to move
     * @return 0, or {@code -errno}
     */
    long readahead(int fd, long offset, long count);

    /**
     * sync_file_range(2): start or wait for write-back of a range (not durability).
     *
     * @param fd the descriptor
     * @param offset the file offset in bytes
     * @param count bytes to move
     * @param flags SYNC_FILE_RANGE_* flags
     * @return 0, or {@code -errno}
     */
    int syncFileRange(int fd, long offset, long count, int flags);

    /**
     * mmap(2).
     *
     * @param address a hint, or 0 to let the kernel choose
     * @param length the length in bytes
     * @param prot PROT_* protection bits
     * @param flags MAP_* flags
     * @param fd the descriptor
     * @param offset the file offset in bytes
     * @return the mapped address, or {@code -errno}
     */
    long mmap(long address, long length, int prot, int flags, int fd, long offset);

    /**
     * munmap(2).
     *
     * @param address the start of the mapping, page-aligned
     * @param length the length in bytes
     * @return 0, or {@code -errno}
     */
    int munmap(MemorySegment address, long length);

    /**
     * madvise(2).
     *
     * @param address the start of the mapping, page-aligned
     * @param length the length in bytes
     * @param advice an MADV_* advice
     * @return 0, or {@code -errno}
     */
    int madvise(MemorySegment address, long length, int advice);

    /**
     * msync(2).
     *
     * @param address the start of the mapping, page-aligned
     * @param length the length in bytes
     * @param flags MS_* flags
     * @return 0, or {@code -errno}
     */
    int msync(MemorySegment address, long length, int flags);

    /**
     * mincore(2): which pages of a mapping are resident.
     *
     * @param address the start of the mapping, page-aligned
     * @param length the length in bytes
     * @param vector one byte per page, receiving residency in bit 0
     * @return 0, or {@code -errno}
     */
    int mincore(MemorySegment address, long length, MemorySegment vector);

    /**
     * mlock(2).
     *
     * @param address the start of the mapping, page-aligned
     * @param length the length in bytes
     * @return 0, or {@code -errno}
     */
    int mlock(MemorySegment address, long length);

    /**
     * munlock(2).
     *
     * @param address the start of the mapping, page-aligned
     * @param length the length in bytes
     * @return 0, or {@code -errno}
     */
    int munlock(MemorySegment address, long length);

    /**
     * sendfile(2); {@code offset} points to an {@code off_t}, or is {@link MemorySegment#NULL}.
     *
     * @param outFd the descriptor to write to
     * @param inFd the descriptor to read from
     * @param offset an {@code off_t} to read from and advance, or {@link MemorySegment#NULL} for the descriptor's position
     * @param count bytes to move
     * @return the bytes sent, or {@code -errno}
     */
    long sendfile(int outFd, int inFd, MemorySegment offset, long count);

    /**
     * splice(2): move bytes between a descriptor and a pipe.
     *
     * @param inFd the descriptor to read from
     * @param inOffset an {@code loff_t} for a file input, or {@link MemorySegment#NULL} for a pipe
     * @param outFd the descriptor to write to
     * @param outOffset an {@code loff_t} for a file output, or {@link MemorySegment#NULL} for a pipe
     * @param count bytes to move
     * @param flags SPLICE_F_* flags
     * @return the bytes moved, 0 at the end of the input, or {@code -errno}
     */
    long splice(int inFd, MemorySegment inOffset, int outFd, MemorySegment outOffset, long count, int flags);

    /**
     * tee(2): duplicate bytes from one pipe into another.
     *
     * @param inFd the pipe to read from
     * @param outFd the pipe to write to
     * @param count bytes to move
     * @param flags SPLICE_F_* flags
     * @return the bytes duplicated, or {@code -errno}
     */
    long tee(int inFd, int outFd, long count, int flags);

    /**
     * vmsplice(2): map user memory into a pipe.
     *
     * @param fd the pipe's write end
     * @param iov an array of {@code struct iovec}
     * @param iovcnt the number of iovecs
     * @param flags SPLICE_F_* flags
     * @return the bytes moved, or {@code -errno}
     */
    long vmsplice(int fd, MemorySegment iov, long iovcnt, int flags);

    /**
     * pipe2(2); {@code fds} receives two ints.
     *
     * @param fds receives two ints: the read end, then the write end
     * @param flags O_CLOEXEC, O_NONBLOCK or O_DIRECT
     * @return 0, or {@code -errno}
     */
    int pipe2(MemorySegment fds, int flags);

    /**
     * fcntl(2) with an int argument.
     *
     * @param fd the descriptor
     * @param cmd the F_* command
     * @param arg the command's int argument
     * @return the command's result, or {@code -errno}
     */
    int fcntl(int fd, int cmd, int arg);

    /**
     * statx(2) through syscall(2); {@code statx} is a {@code struct statx} ({@link StatxAbi}).
     *
     * @param dirfd the directory descriptor a relative path starts from (or AT_FDCWD)
     * @param path a NUL-terminated path in native memory
     * @param flags AT_* flags
     * @param mask the STATX_* fields wanted
     * @param statx receives a {@code struct statx} ({@link StatxAbi})
     * @return 0, or {@code -errno}
     */
    int statx(int dirfd, MemorySegment path, int flags, int mask, MemorySegment statx);

    /**
     * cachestat(2) through syscall(2).
     *
     * @param fd the descriptor
     * @param range a {@code struct cachestat_range}
     * @param stat receives a {@code struct cachestat}
     * @param flags 0 (no flags are defined)
     * @return 0, or {@code -errno}
     */
    int cachestat(int fd, MemorySegment range, MemorySegment stat, int flags);

    /**
     * renameat(2).
     *
     * @param oldDirfd the directory of {@code oldPath}
     * @param oldPath the entry to rename
     * @param newDirfd the directory of {@code newPath}
     * @param newPath the new name
     * @return 0, or {@code -errno}
     */
    int renameat(int oldDirfd, MemorySegment oldPath, int newDirfd, MemorySegment newPath);

    /**
     * unlinkat(2).
     *
     * @param dirfd the directory descriptor a relative path starts from (or AT_FDCWD)
     * @param path a NUL-terminated path in native memory
     * @param flags 0, or AT_REMOVEDIR
     * @return 0, or {@code -errno}
     */
    int unlinkat(int dirfd, MemorySegment path, int flags);

    /**
     * mkdirat(2).
     *
     * @param dirfd the directory descriptor a relative path starts from (or AT_FDCWD)
     * @param path a NUL-terminated path in native memory
     * @param mode permission bits for a created file or directory
     * @return 0, or {@code -errno}
     */
    int mkdirat(int dirfd, MemorySegment path, int mode);

    /**
     * getrlimit(2); {@code limit} is a {@code struct rlimit}.
     *
     * @param resource the RLIMIT_* resource
     * @param limit receives a {@code struct rlimit}
     * @return 0, or {@code -errno}
     */
    int getrlimit(int resource, MemorySegment limit);

    /**
     * flock(2) through syscall(2).
     *
     * @param fd the descriptor
     * @param operation LOCK_SH, LOCK_EX or LOCK_UN, optionally with LOCK_NB
     * @return 0, or {@code -errno}
     */
    int flock(int fd, int operation);
}
