package dev.sluice.sys;

import dev.sluice.bindings.Linux;

/** fallocate(2) modes; none means allocate and extend the size. */
public enum AllocateFlag implements NativeFlag {
    KEEP_SIZE(Linux.FALLOC_FL_KEEP_SIZE()),
    PUNCH_HOLE(Linux.FALLOC_FL_PUNCH_HOLE()),
    ZERO_RANGE(Linux.FALLOC_FL_ZERO_RANGE()),
    COLLAPSE_RANGE(Linux.FALLOC_FL_COLLAPSE_RANGE()),
    INSERT_RANGE(Linux.FALLOC_FL_INSERT_RANGE());

    private final int bits;

    AllocateFlag(int bits) {
        this.bits = bits;
    }

    @Override
    public int bits() {
        return bits;
    }
}
