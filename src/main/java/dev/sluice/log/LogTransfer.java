package dev.sluice.log;

import dev.sluice.transfer.TransferPath;

/**
 * What one {@link LogReader#transferTo} sent: bytes, the path they took, and where to continue.
 *
 * @param bytes bytes sent (whole batches), 0 if nothing was there to send
 * @param path the path the bytes took (sendfile, splice or copy)
 * @param nextOffset the offset after the last record sent: where the next transfer starts
 */
public record LogTransfer(long bytes, TransferPath path, long nextOffset) {
}
