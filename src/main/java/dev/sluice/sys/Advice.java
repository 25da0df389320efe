package dev.sluice.sys;

/** posix_fadvise(2) advice for a file range (SEQUENTIAL, RANDOM and NORMAL apply to the whole open file). */
public enum Advice implements NativeFlag {
    /** POSIX_FADV_NORMAL: the device's default read-ahead. */
    NORMAL(Linux.POSIX_FADV_NORMAL()),
    /** POSIX_FADV_SEQUENTIAL: a larger read-ahead window, for the whole open file. */
    SEQUENTIAL(Linux.POSIX_FADV_SEQUENTIAL()),
    /** POSIX_FADV_RANDOM: no read-ahead, for the whole open file. */
    RANDOM(Linux.POSIX_FADV_RANDOM()),
    /** POSIX_FADV_NOREUSE: the data is used once (on 6.x it only affects mmap access). */
    NOREUSE(Linux.POSIX_FADV_NOREUSE()),
    /** POSIX_FADV_WILLNEED: start reading the range in (at most about one read-ahead window per call). */
    WILLNEED(Linux.POSIX_FADV_WILLNEED()),
    /** POSIX_FADV_DONTNEED: drop the range's clean, unmapped pages from the page cache, for every process. */
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
