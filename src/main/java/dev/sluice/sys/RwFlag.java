package dev.sluice.sys;

/** preadv2(2)/pwritev2(2) flags. DONTCACHE needs Linux 6.14+ and file system support: see KernelFeatures. */
public enum RwFlag implements NativeFlag {
    /** RWF_HIPRI: high-priority polled I/O, where the device supports it. */
    HIPRI(Linux.RWF_HIPRI()),
    /** RWF_DSYNC: this write returns once its data is durable (O_DSYNC for one call). */
    DSYNC(Linux.RWF_DSYNC()),
    /** RWF_SYNC: this write returns once data and metadata are durable (O_SYNC for one call). */
    SYNC(Linux.RWF_SYNC()),
    /** RWF_NOWAIT: fail with EAGAIN instead of blocking (e.g. on a page-cache miss). */
    NOWAIT(Linux.RWF_NOWAIT()),
    /** RWF_APPEND: append, whatever the offset (O_APPEND for one call). */
    APPEND(Linux.RWF_APPEND()),
    /** RWF_DONTCACHE: uncached buffered I/O, the pages dropped once done (Linux 6.14+). */
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
