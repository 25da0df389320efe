package dev.sluice.sys;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** Argument checks made before any native call, so the kernel never sees a bad count or address. */
final class Checks {
    private Checks() {
    }

    static long nonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
        return value;
    }

    static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    /** A file range: offset and length non-negative and their sum representable as an off_t. */
    static void fileRange(long offset, long length) {
        nonNegative(offset, "offset");
        nonNegative(length, "length");
        if (offset + length < 0) {
            throw new IllegalArgumentException("offset + length overflows: offset=" + offset + ", length=" + length);
        }
    }

    /** The segment is native memory the kernel can read or write. */
    static MemorySegment nativeMemory(MemorySegment segment, String name) {
        Objects.requireNonNull(segment, name);
        if (!segment.isNative()) {
            throw new IllegalArgumentException(name + " is a heap segment; the kernel needs native memory "
                    + "(allocate it from an Arena, or use a direct ByteBuffer)");
        }
        return segment;
    }

    /** The segment can be written: the kernel stores into it without asking FFM. */
    static MemorySegment writable(MemorySegment segment, String name) {
        if (segment.isReadOnly()) {
            throw new IllegalArgumentException(name + " is a read-only segment; the kernel would write into it");
        }
        return segment;
    }

    /**
     * The segment is alive and this thread may use it. Needed where only its address reaches the
     * kernel (in an iovec): FFM checks the segments passed to a call, not addresses stored in memory.
     * It also keeps them alive during the call, which nothing can do for an address: a shared arena
     * closed by another thread while preadv2/pwritev2/vmsplice runs is the caller's race to avoid.
     */
    static MemorySegment accessible(MemorySegment segment, String name) {
        if (!segment.scope().isAlive()) {
            throw new IllegalStateException(name + " is a segment of a closed arena (already closed)");
        }
        if (!segment.isAccessibleBy(Thread.currentThread())) {
            throw new WrongThreadException(name + " is confined to another thread");
        }
        return segment;
    }

    /** At most {@link NativeFile#IOV_MAX} buffers in one vectored call: the kernel answers more with EINVAL. */
    static void iovecCount(int count, String call) {
        if (count > NativeFile.IOV_MAX) {
            throw new IllegalArgumentException(call + " takes at most " + NativeFile.IOV_MAX + " buffers (IOV_MAX), got "
                    + count + "; split the list into batches of " + NativeFile.IOV_MAX + " or fewer");
        }
    }

    /** [offset, offset + count) lies within the segment. */
    static void within(MemorySegment segment, long offset, long count) {
        Objects.checkFromIndexSize(offset, count, segment.byteSize());
    }

    /** A NUL-free name: C would silently cut the string at the NUL. */
    static String noNul(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character: " + name.replace("\0", "\\0"));
        }
        return name;
    }
}
