package dev.sluice.cache;

/** Told how far a long warm or eviction has got. */
@FunctionalInterface
public interface Progress {
    /** Ignores every update. */
    Progress NONE = (done, total) -> {
    };

    /**
     * Called after each step, from the working thread.
     *
     * @param doneBytes bytes of the range done so far
     * @param totalBytes bytes in the range
     */
    void update(long doneBytes, long totalBytes);
}
