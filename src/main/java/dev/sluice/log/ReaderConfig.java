package dev.sluice.log;

import java.util.Objects;

/** Per-reader policies: read-ahead, and what the page cache keeps of what was read. */
public record ReaderConfig(ReadAhead readAhead, CacheHint cacheHint) {
    public ReaderConfig {
        Objects.requireNonNull(readAhead, "readAhead");
        Objects.requireNonNull(cacheHint, "cacheHint");
    }

    public static ReaderConfig defaults() {
        return new ReaderConfig(ReadAhead.kernelDefault(), CacheHint.KEEP);
    }
}
