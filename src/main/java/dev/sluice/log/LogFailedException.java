package dev.sluice.log;

import java.io.IOException;

/**
 * The log stopped accepting writes after an fsync-family error: the kernel may already have marked
 * the unwritten pages clean, so nothing after the last durable point can be trusted or
 * acknowledged. Reopen the log to recover from what is on disk.
 */
public final class LogFailedException extends IOException {
    LogFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
