package dev.sluice.sys;

import dev.sluice.bindings.Linux;

/** madvise(2) advice for part of a mapping. */
public enum MapAdvice implements NativeFlag {
    NORMAL(Linux.MADV_NORMAL()),
    SEQUENTIAL(Linux.MADV_SEQUENTIAL()),
    RANDOM(Linux.MADV_RANDOM()),
    WILLNEED(Linux.MADV_WILLNEED()),
    DONTNEED(Linux.MADV_DONTNEED()),
    COLD(Linux.MADV_COLD()),
    PAGEOUT(Linux.MADV_PAGEOUT()),
    POPULATE_READ(Linux.MADV_POPULATE_READ()),
    POPULATE_WRITE(Linux.MADV_POPULATE_WRITE());

    private final int bits;

    MapAdvice(int bits) {
        this.bits = bits;
    }

    @Override
    public int bits() {
        return bits;
    }
}
