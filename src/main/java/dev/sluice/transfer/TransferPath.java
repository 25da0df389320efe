package dev.sluice.transfer;

/** The way bytes go from a file to their target. */
public enum TransferPath {
    /** sendfile(2): file to target inside the kernel, one call per chunk. */
    SENDFILE,
    /** splice(2) through a pipe: file to pipe, then pipe to target, moving page references, not bytes. */
    SPLICE,
    /** pread(2) into a native buffer, then write(2): the bytes pass through user space once. */
    COPY
}
