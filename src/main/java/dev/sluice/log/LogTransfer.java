package dev.sluice.log;

import dev.sluice.transfer.TransferPath;

/** What one {@link LogReader#transferTo} sent: bytes, the path they took, and where to continue. */
public record LogTransfer(long bytes, TransferPath path, long nextOffset) {
}
