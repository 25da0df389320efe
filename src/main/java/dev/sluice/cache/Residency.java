package dev.sluice.cache;

/**
 * How much of a file (or range) is in the page cache.
 *
 * <p>With {@link Source#CACHESTAT} every count is known. With {@link Source#MINCORE} only
 * {@code cachedPages} is, and the other counts are -1; {@link #overReported()} is true when the
 * caller cannot write the file, for which Linux 5.0+ reports every page as resident. mincore is
 * used before Linux 6.5, and for files the caller may not write and does not own, which cachestat
 * refuses (EPERM).
 *
 * @param path the file
 * @param size the file's size in bytes
 * @param pageSize the page size in bytes
 * @param pages pages spanned by the range looked at
 * @param cachedPages of those, pages in the page cache
 * @param dirtyPages of the cached pages, those not yet written back; -1 if unknown
 * @param writebackPages pages being written back now; -1 if unknown
 * @param evictedPages pages of the range evicted, as cachestat(2) counts them; -1 if unknown
 * @param recentlyEvictedPages of those, pages evicted within the working set; -1 if unknown
 * @param source where the counts came from
 * @param overReported whether mincore counted every page (files the caller cannot write, Linux 5.0+)
 */
public record Residency(String path, long size, long pageSize, long pages, long cachedPages, long dirtyPages,
                        long writebackPages, long evictedPages, long recentlyEvictedPages, Source source,
                        boolean overReported) {
    /** Where the counts came from. */
    public enum Source {
        /** cachestat(2), Linux 6.5+: cached, dirty, writeback and evicted pages, without mapping the file. */
        CACHESTAT,
        /** mincore(2) over a temporary mapping: cached pages only. */
        MINCORE
    }

    /** {@return the cached pages in bytes} */
    public long cachedBytes() {
        return cachedPages * pageSize;
    }

    /** {@return cached pages as a percentage of the pages of the range; 100 for an empty range} */
    public double percentCached() {
        return pages == 0 ? 100.0 : 100.0 * cachedPages / pages;
    }

    /** {@return whether dirty, writeback and evicted counts are known} */
    public boolean hasWriteCounts() {
        return source == Source.CACHESTAT;
    }
}
