package dev.sluice.sys;

import java.util.Objects;
import java.util.Set;

/**
 * How to open a file; every file is opened with O_CLOEXEC as well.
 *
 * <p>A set of flags names the access it wants: {@link #READ}, {@link #WRITE}, or both, which is
 * the same as {@link #READ_WRITE} (O_RDWR). C's access modes are not bits (O_RDONLY is 0), so
 * {@code READ | WRITE} in C would open write-only; here the set means what it says. A set without
 * any of the three is refused: it would silently open read-only.
 */
public enum OpenFlag implements NativeFlag {
    /** Open for reading (O_RDONLY, or O_RDWR with {@link #WRITE}). */
    READ(Linux.O_RDONLY()),
    /** Open for writing (O_WRONLY, or O_RDWR with {@link #READ}). */
    WRITE(Linux.O_WRONLY()),
    /** Open for reading and writing (O_RDWR). */
    READ_WRITE(Linux.O_RDWR()),
    /** O_CREAT: create the file if it does not exist. */
    CREATE(Linux.O_CREAT()),
    /** O_CREAT|O_EXCL: create the file, failing if it exists. */
    CREATE_NEW(Linux.O_CREAT() | Linux.O_EXCL()),
    /** O_TRUNC: cut an existing file to 0 bytes. */
    TRUNCATE(Linux.O_TRUNC()),
    /** O_APPEND: every write goes to the end of the file. */
    APPEND(Linux.O_APPEND()),
    /** O_DIRECT: bypass the page cache; buffers, offsets and counts must be aligned (see {@link NativeFile#directIoAlignment()}). */
    DIRECT(Linux.O_DIRECT()),
    /** O_DSYNC: each write returns once its data is durable, as if followed by fdatasync. */
    DSYNC(Linux.O_DSYNC()),
    /** O_SYNC: each write returns once data and metadata are durable, as if followed by fsync. */
    SYNC(Linux.O_SYNC()),
    /** O_NOATIME: do not update the access time (owner or CAP_FOWNER only). */
    NOATIME(Linux.O_NOATIME()),
    /** O_NONBLOCK: do not block opening (FIFOs) or on I/O where the file type has it. */
    NONBLOCK(Linux.O_NONBLOCK());

    private final int bits;

    OpenFlag(int bits) {
        this.bits = bits;
    }

    /** {@return this flag's C value; for the access modes, one of O_RDONLY, O_WRONLY, O_RDWR} */
    @Override
    public int bits() {
        return bits;
    }

    /** The open(2) flags for {@code flags}: the access mode they ask for, or'ed with the other flags. */
    static int bits(Set<OpenFlag> flags) {
        Objects.requireNonNull(flags, "flags");
        boolean read = flags.contains(READ);
        boolean write = flags.contains(WRITE);
        int access;
        if (flags.contains(READ_WRITE) || (read && write)) {
            access = Linux.O_RDWR();
        } else if (write) {
            access = Linux.O_WRONLY();
        } else if (read) {
            access = Linux.O_RDONLY();
        } else {
            throw new IllegalArgumentException("open flags " + flags + " name no access mode: add READ, WRITE or "
                    + "READ_WRITE (C would open read-only)");
        }
        int others = 0;
        for (OpenFlag flag : flags) {
            if (flag != READ && flag != WRITE && flag != READ_WRITE) {
                others |= flag.bits;
            }
        }
        return access | others;
    }
}
