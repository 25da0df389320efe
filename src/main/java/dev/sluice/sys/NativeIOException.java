package dev.sluice.sys;

import java.io.IOException;

/**
 * A native call failed: names the call, the errno symbol, strerror's text and the key arguments,
 * e.g. {@code pwrite(fd=7, count=4096, offset=0) on /data/x failed: ENOSPC (No space left on device)}.
 */
public class NativeIOException extends IOException implements NativeError {
    /** The call that failed. */
    private final Syscall syscall;
    /** The errno it failed with. */
    private final int errno;

    NativeIOException(Syscall syscall, int errno, String message) {
        super(message);
        this.syscall = syscall;
        this.errno = errno;
    }

    @Override
    public Syscall syscall() {
        return syscall;
    }

    @Override
    public int errno() {
        return errno;
    }
}
