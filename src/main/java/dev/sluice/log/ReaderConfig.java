package dev.sluice.log;

import dev.sluice.transfer.TransferPath;

import java.util.Objects;

/**
 * Per-reader policies: read-ahead, what the page cache keeps of what was read, and the path
 * {@link LogReader#transferTo} prefers (it falls back to copying where the kernel refuses).
 *
 * @param readAhead how the reader gets data ahead of its cursor
 * @param cacheHint what the page cache keeps of what was read
 * @param transferPath the path {@link LogReader#transferTo} tries first
 */
public record ReaderConfig(ReadAhead readAhead, CacheHint cacheHint, TransferPath transferPath) {
    /**
     * Checks the policies.
     *
     * @throws NullPointerException if any policy is null
     */
    public ReaderConfig {
        Objects.requireNonNull(readAhead, "readAhead");
        Objects.requireNonNull(cacheHint, "cacheHint");
        Objects.requireNonNull(transferPath, "transferPath");
    }

    /**
     * A reader configuration that transfers by sendfile.
     *
     * @param readAhead how the reader gets data ahead of its cursor
     * @param cacheHint what the page cache keeps of what was read
     */
    public ReaderConfig(ReadAhead readAhead, CacheHint cacheHint) {
        this(readAhead, cacheHint, TransferPath.SENDFILE);
    }

    /**
     * Kernel read-ahead, keep the cache, sendfile.
     *
     * @return the default reader configuration
     */
    public static ReaderConfig defaults() {
        return new ReaderConfig(ReadAhead.kernelDefault(), CacheHint.KEEP, TransferPath.SENDFILE);
    }

    /**
     * {@return this configuration with another transfer path}
     *
     * @param path the path {@link LogReader#transferTo} tries first
     */
    public ReaderConfig withTransferPath(TransferPath path) {
        return new ReaderConfig(readAhead, cacheHint, path);
    }
}
