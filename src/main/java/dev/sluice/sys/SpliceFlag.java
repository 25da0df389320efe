package dev.sluice.sys;

/** splice(2)/tee(2)/vmsplice(2) flags. */
public enum SpliceFlag implements NativeFlag {
    /** SPLICE_F_MOVE: move pages rather than copy them, where the kernel can (a hint). */
    MOVE(Linux.SPLICE_F_MOVE()),
    /** SPLICE_F_NONBLOCK: do not block on the pipe. */
    NONBLOCK(Linux.SPLICE_F_NONBLOCK()),
    /** SPLICE_F_MORE: more data follows (a socket may hold back a partial frame). */
    MORE(Linux.SPLICE_F_MORE()),
    /** SPLICE_F_GIFT: hand the user pages to the kernel (refused by {@link ZeroCopy#vmsplice}). */
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
