package dev.sluice.transfer;

import java.util.Objects;

/**
 * What one {@link FileTransfer#transfer} did: the bytes the target received, and the path they took.
 *
 * @param bytes the bytes transferred (all that were asked for)
 * @param path the path used, {@link TransferPath#COPY} after a fallback
 */
public record TransferResult(long bytes, TransferPath path) {
    /**
     * Checks the result.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     * @throws NullPointerException if {@code path} is null
     */
    public TransferResult {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
        }
        Objects.requireNonNull(path, "path");
    }
}
