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
