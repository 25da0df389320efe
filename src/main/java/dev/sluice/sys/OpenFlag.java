package dev.sluice.sys;

import dev.sluice.bindings.Linux;

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
    READ(Linux.O_RDONLY()),
    WRITE(Linux.O_WRONLY()),
    READ_WRITE(Linux.O_RDWR()),
    CREATE(Linux.O_CREAT()),
    CREATE_NEW(Linux.O_CREAT() | Linux.O_EXCL()),
    TRUNCATE(Linux.O_TRUNC()),
    APPEND(Linux.O_APPEND()),
    DIRECT(Linux.O_DIRECT()),
    DSYNC(Linux.O_DSYNC()),
    SYNC(Linux.O_SYNC()),
    NOATIME(Linux.O_NOATIME()),
    NONBLOCK(Linux.O_NONBLOCK());

    private final int bits;

    OpenFlag(int bits) {
        this.bits = bits;
    }

    /** This flag's C value; for the access modes, one of O_RDONLY, O_WRONLY, O_RDWR. Combine sets with {@link #bits(Set)}. */
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
