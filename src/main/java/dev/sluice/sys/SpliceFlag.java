package dev.sluice.sys;

import dev.sluice.bindings.Linux;

/** splice(2)/tee(2)/vmsplice(2) flags. */
public enum SpliceFlag implements NativeFlag {
    MOVE(Linux.SPLICE_F_MOVE()),
    NONBLOCK(Linux.SPLICE_F_NONBLOCK()),
    MORE(Linux.SPLICE_F_MORE()),
    GIFT(Linux.SPLICE_F_GIFT());

    private final int bits;

    SpliceFlag(int bits) {
        this.bits = bits;
    }

    @Override
    public int bits() {
        return bits;
    }
}
