package dev.sluice.sys;

/**
 * flock(2) as the kernel defines it on x86_64, written by hand: the generated bindings lack it and
 * cannot be regenerated without jextract. HandWrittenAbiTest checks every value here against gcc and the
 * system headers.
 */
final class FlockAbi {
    static final long SYS_FLOCK = 73;
    static final int LOCK_EX = 2;
    static final int LOCK_NB = 4;
    /** What a refused LOCK_NB gives (EAGAIN's other name). */
    static final int EWOULDBLOCK = 11;

    private FlockAbi() {
    }
}
