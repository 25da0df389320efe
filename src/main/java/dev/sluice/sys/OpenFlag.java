package dev.sluice.sys;

import dev.sluice.bindings.Linux;

/** How to open a file; every file is opened with O_CLOEXEC as well. */
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

    @Override
    public int bits() {
        return bits;
    }
}
