package dev.sluice.sys;

import dev.sluice.bindings.Linux;

/** posix_fadvise(2) advice for a file range (SEQUENTIAL, RANDOM and NORMAL apply to the whole open file). */
public enum Advice implements NativeFlag {
    NORMAL(Linux.POSIX_FADV_NORMAL()),
    SEQUENTIAL(Linux.POSIX_FADV_SEQUENTIAL()),
    RANDOM(Linux.POSIX_FADV_RANDOM()),
    NOREUSE(Linux.POSIX_FADV_NOREUSE()),
    WILLNEED(Linux.POSIX_FADV_WILLNEED()),
    DONTNEED(Linux.POSIX_FADV_DONTNEED());

    private final int bits;

    Advice(int bits) {
        this.bits = bits;
    }

    @Override
    public int bits() {
        return bits;
    }
}
