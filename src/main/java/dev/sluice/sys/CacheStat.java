package dev.sluice.sys;

/**
 * Page counts from cachestat(2) for a file range: pages in the page cache, of which dirty and under
 * writeback, and pages evicted from the range (recently: still within the working set).
 */
public record CacheStat(long cached, long dirty, long writeback, long evicted, long recentlyEvicted) {
}
