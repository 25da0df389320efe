package dev.sluice.log;

/** What the page cache should keep of what a writer wrote or a reader read. */
public enum CacheHint {
    /** The kernel decides. */
    KEEP,
    /** Drop ranges once they are written back (writer) or read past (reader). */
    DROP_BEHIND,
    /** RWF_DONTCACHE where the kernel has it (Linux 6.14+); drop-behind otherwise. */
    UNCACHED
}
