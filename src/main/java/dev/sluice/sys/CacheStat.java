package dev.sluice.sys;

/**
 * Page counts from cachestat(2) for a file range: pages in the page cache, of which dirty and under
 * writeback, and pages evicted from the range (recently: still within the working set).
 *
 * @param cached pages of the range in the page cache
 * @param dirty of those, pages not yet written back
 * @param writeback pages being written back now
 * @param evicted pages of the range evicted from the cache
 * @param recentlyEvicted of those, pages evicted within the working set
 */
public record CacheStat(long cached, long dirty, long writeback, long evicted, long recentlyEvicted) {
}
