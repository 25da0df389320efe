package dev.sluice.log;

/**
 * Points in the log's concurrent paths where a test can run code on the thread that reaches them,
 * to force one exact interleaving of a race every time. Package-private; the log's default does
 * nothing, and production code has no way to set another.
 */
interface RaceHooks {
    RaceHooks NONE = new RaceHooks() {
    };

    /** A reader has looked at {@code segment}'s end and found no batch at its cursor. */
    default void readerAtEnd(Segment segment) {
    }

    /** A seek has passed the batches of {@code segment} before its offset and is about to place the cursor. */
    default void seekScanned(Segment segment) {
    }

    /** A read-only follower's refresh has scanned the last segment it knows. */
    default void refreshScanned(Segment segment) {
    }

    /** {@code close()} has claimed the close and is about to stop the flusher and sync. */
    default void closing() {
    }

    /** A sync has chosen {@code segment} and released the append lock, and is about to fdatasync it. */
    default void beforeSync(Segment segment) {
    }

    /** The coalescing writer thread is about to write a buffer into {@code segment}, outside the append lock. */
    default void coalescedWriting(Segment segment) {
    }

    /** Retention has deleted {@code segment}'s files; the segment is still in the log's list. */
    default void retentionDeleted(Segment segment) {
    }
}
