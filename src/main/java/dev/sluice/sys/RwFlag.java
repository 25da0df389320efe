package dev.sluice.sys;

import dev.sluice.bindings.Linux;

/** preadv2(2)/pwritev2(2) flags. DONTCACHE needs Linux 6.14+ and file system support: see KernelFeatures. */
public enum RwFlag implements NativeFlag {
    HIPRI(Linux.RWF_HIPRI()),
    DSYNC(Linux.RWF_DSYNC()),
    SYNC(Linux.RWF_SYNC()),
    NOWAIT(Linux.RWF_NOWAIT()),
    APPEND(Linux.RWF_APPEND()),
    DONTCACHE(Linux.RWF_DONTCACHE());

    private final int bits;

    RwFlag(int bits) {
        this.bits = bits;
    }

    @Override
    public int bits() {
        return bits;
    }
}
