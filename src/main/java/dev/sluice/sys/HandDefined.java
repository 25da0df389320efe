package dev.sluice.sys;

/**
 * Constants of the Linux x86_64 ABI that the generated bindings do not include (adding them means
 * regenerating with jextract). {@code HandDefinedConstantsTest} checks each against gcc.
 */
final class HandDefined {
    /** flock(2)'s system call number on x86_64. */
    static final long SYS_FLOCK = 73;
    static final int LOCK_EX = 2;
    static final int LOCK_NB = 4;
    static final int LOCK_UN = 8;
    static final int EWOULDBLOCK = 11;

    private HandDefined() {
    }
}
