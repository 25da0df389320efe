package dev.sluice.log.kafka;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Zig-zag varints as Kafka's records store them (protobuf's encoding), written into a segment. */
final class Varint {
    private Varint() {
    }

    static int sizeOf(int value) {
        return sizeOfUnsigned((long) ((value << 1) ^ (value >> 31)) & 0xffffffffL);
    }

    static int sizeOf(long value) {
        return sizeOfUnsigned((value << 1) ^ (value >> 63));
    }

    private static int sizeOfUnsigned(long v) {
        int bytes = 1;
        while ((v & ~0x7fL) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Writes {@code value} at {@code at}; returns the position after it. */
    static long write(MemorySegment dst, long at, int value) {
        return writeUnsigned(dst, at, (long) ((value << 1) ^ (value >> 31)) & 0xffffffffL);
    }

    /** Writes {@code value} at {@code at}; returns the position after it. */
    static long write(MemorySegment dst, long at, long value) {
        return writeUnsigned(dst, at, (value << 1) ^ (value >> 63));
    }

    private static long writeUnsigned(MemorySegment dst, long at, long v) {
        while ((v & ~0x7fL) != 0) {
            dst.set(ValueLayout.JAVA_BYTE, at++, (byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        dst.set(ValueLayout.JAVA_BYTE, at++, (byte) v);
        return at;
    }
}
