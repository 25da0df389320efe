package dev.sluice.log;

import dev.sluice.transfer.TransferPath;

import java.util.Objects;

/**
 * Per-reader policies: read-ahead, what the page cache keeps of what was read, and the path
 * {@link LogReader#transferTo} prefers (it falls back to copying where the kernel refuses).
 */
public record ReaderConfig(ReadAhead readAhead, CacheHint cacheHint, TransferPath transferPath) {
    public ReaderConfig {
        Objects.requireNonNull(readAhead, "readAhead");
        Objects.requireNonNull(cacheHint, "cacheHint");
        Objects.requireNonNull(transferPath, "transferPath");
    }

    public ReaderConfig(ReadAhead readAhead, CacheHint cacheHint) {
        this(readAhead, cacheHint, TransferPath.SENDFILE);
    }

    /** Kernel read-ahead, keep the cache, sendfile. */
    public static ReaderConfig defaults() {
        return new ReaderConfig(ReadAhead.kernelDefault(), CacheHint.KEEP, TransferPath.SENDFILE);
    }

    public ReaderConfig withTransferPath(TransferPath path) {
        return new ReaderConfig(readAhead, cacheHint, path);
    }
}
