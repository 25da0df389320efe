package dev.sluice.log;

import dev.sluice.sys.Advice;
import dev.sluice.sys.NativeFile;

import java.io.IOException;

/**
 * A reader's drop-behind ({@link CacheHint#DROP_BEHIND}, and {@link CacheHint#UNCACHED}: RWF_DONTCACHE
 * reads leave cached whatever read-ahead, the kernel's or an explicit readahead(2), brought in before
 * them): what the cursor has passed leaves the page cache in steps, and the rest of a sealed segment
 * when the reader leaves it read to its end.
 */
final class ReaderDropBehind {
    private static final long STEP = 8L << 20;
    /**
     * Drops end on a multiple of this: the kernel's own read-ahead caches in folios of up to 2 MiB
     * (aligned to their size), and POSIX_FADV_DONTNEED leaves any folio the range does not cover whole.
     */
    private static final long FOLIO_ALIGNMENT = 2L << 20;

    private final boolean drop;
    private long droppedUpTo;

    ReaderDropBehind(CacheHint hint) {
        this.drop = hint != CacheHint.KEEP;
    }

    /** The reader opened another segment. */
    void opened() {
        droppedUpTo = 0;
    }

    /** The cursor is at {@code position} of the segment read through {@code file}. */
    void passed(NativeFile file, long position) throws IOException {
        long upTo = position / FOLIO_ALIGNMENT * FOLIO_ALIGNMENT;
        if (drop && upTo - droppedUpTo >= STEP) {
            file.advise(Advice.DONTNEED, droppedUpTo, upTo - droppedUpTo);
            droppedUpTo = upTo;
        }
    }

    /** The reader leaves {@code segment}, read through {@code file}, with its cursor at {@code position}. */
    void leaving(NativeFile file, Segment segment, long position) throws IOException {
        if (drop && segment.isSealed() && position >= segment.end()) {
            file.advise(Advice.DONTNEED, droppedUpTo, 0);
        }
    }
}
