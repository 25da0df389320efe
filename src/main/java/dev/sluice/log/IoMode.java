package dev.sluice.log;

/** How the writer puts batches into a segment. */
public enum IoMode {
    /** pwrite(2) into the page cache (pwritev2 with RWF_DONTCACHE for {@link CacheHint#UNCACHED}). */
    PWRITE,
    /** Copies into a shared mapping of the preallocated segment. */
    MMAP,
    /** O_DIRECT: page-aligned writes from an aligned staging buffer, bypassing the page cache. */
    DIRECT
}
