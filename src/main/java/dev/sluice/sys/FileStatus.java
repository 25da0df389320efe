package dev.sluice.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What fstat(2) says about an open file.
 *
 * @param type the file type
 * @param size the size in bytes (st_size)
 * @param allocatedBytes the bytes of disk allocated to it (st_blocks x 512), preallocation included
 * @param inode the inode number
 * @param deviceMajor the major number of the device holding the file
 * @param deviceMinor its minor number
 */
public record FileStatus(Type type, long size, long allocatedBytes, long inode, int deviceMajor, int deviceMinor) {
    /** The file type bits of st_mode. */
    public enum Type {
        /** S_IFREG. */
        REGULAR,
        /** S_IFDIR. */
        DIRECTORY,
        /** S_IFIFO: a named pipe, or a pipe. */
        FIFO,
        /** S_IFSOCK. */
        SOCKET,
        /** S_IFCHR. */
        CHARACTER_DEVICE,
        /** S_IFBLK. */
        BLOCK_DEVICE,
        /** S_IFLNK (only for a descriptor opened with O_PATH|O_NOFOLLOW). */
        SYMBOLIC_LINK,
        /** Anything else. */
        OTHER
    }

    static FileStatus of(Fd fd, String path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = stat.allocate(arena);
            fd.call(Syscall.FSTAT, path, (libc, f) -> libc.fstat(f, st), "", 0, 0, 0);
            long dev = stat.st_dev(st);
            // glibc's major()/minor() for the 64-bit dev_t
            int major = (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
            int minor = (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
            return new FileStatus(type(stat.st_mode(st)), stat.st_size(st), stat.st_blocks(st) * 512,
                    stat.st_ino(st), major, minor);
        }
    }

    private static Type type(int mode) {
        int format = mode & Linux.S_IFMT();
        if (format == Linux.S_IFREG()) {
            return Type.REGULAR;
        } else if (format == Linux.S_IFDIR()) {
            return Type.DIRECTORY;
        } else if (format == Linux.S_IFIFO()) {
            return Type.FIFO;
        } else if (format == Linux.S_IFSOCK()) {
            return Type.SOCKET;
        } else if (format == Linux.S_IFCHR()) {
            return Type.CHARACTER_DEVICE;
        } else if (format == Linux.S_IFBLK()) {
            return Type.BLOCK_DEVICE;
        } else if (format == Linux.S_IFLNK()) {
            return Type.SYMBOLIC_LINK;
        }
        return Type.OTHER;
    }
}
