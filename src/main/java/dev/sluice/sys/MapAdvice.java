package dev.sluice.sys;

/** madvise(2) advice for part of a mapping. */
public enum MapAdvice implements NativeFlag {
    /** MADV_NORMAL: the default read-ahead. */
    NORMAL(Linux.MADV_NORMAL()),
    /** MADV_SEQUENTIAL: read ahead aggressively, free pages behind soon. */
    SEQUENTIAL(Linux.MADV_SEQUENTIAL()),
    /** MADV_RANDOM: no read-ahead. */
    RANDOM(Linux.MADV_RANDOM()),
    /** MADV_WILLNEED: start reading the range in (at most about one read-ahead window per call). */
    WILLNEED(Linux.MADV_WILLNEED()),
    /** MADV_DONTNEED: drop this mapping's pages (the page cache may keep them). */
    DONTNEED(Linux.MADV_DONTNEED()),
    /** MADV_COLD: make the pages first to reclaim (Linux 5.4+). */
    COLD(Linux.MADV_COLD()),
    /** MADV_PAGEOUT: reclaim the pages now (Linux 5.4+). */
    PAGEOUT(Linux.MADV_PAGEOUT()),
    /** MADV_POPULATE_READ: fault the pages in readable, waiting for the reads (Linux 5.14+). */
    POPULATE_READ(Linux.MADV_POPULATE_READ()),
    /** MADV_POPULATE_WRITE: fault the pages in writable (Linux 5.14+). */
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
