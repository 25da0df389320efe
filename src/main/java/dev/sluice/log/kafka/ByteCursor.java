package dev.sluice.log.kafka;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads varints and byte strings from a bounded range of a segment, and never past its end: a
 * record's fields are read through a cursor bounded to the record's declared size.
 */
final class ByteCursor {
    /** The problem with the bytes; thrown without a stack trace, caught by the decoder. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final MemorySegment bytes;
    private final long limit;
    private long position;

    ByteCursor(MemorySegment bytes, long position, long limit) {
        this.bytes = bytes;
        this.position = position;
        this.limit = limit;
    }

    long position() {
        return position;
    }

    long remaining() {
        return limit - position;
    }

    /** A cursor over the next {@code length} bytes (which this one skips). */
    ByteCursor take(long length, String what) {
        need(length, what);
        ByteCursor sub = new ByteCursor(bytes, position, position + length);
        position += length;
        return sub;
    }

    byte readByte(String what) {
        need(1, what);
        return bytes.get(ValueLayout.JAVA_BYTE, position++);
    }

    /** A zig-zag int32 of at most 5 bytes, read as Kafka's ByteUtils.readVarint reads it. */
    int readVarint(String what) {
        int value = 0;
        int shift = 0;
        int b;
        while (((b = readByte(what)) & 0x80) != 0) {
            value |= (b & 0x7f) << shift;
            shift += 7;
            if (shift > 28) {
                throw new Malformed(what + ": varint longer than 5 bytes");
            }
        }
        value |= b << shift;
        return (value >>> 1) ^ -(value & 1);
    }

    /** A zig-zag int64 of at most 10 bytes, read as Kafka's ByteUtils.readVarlong reads it. */
    long readVarlong(String what) {
        long value = 0;
        int shift = 0;
        long b;
        while (((b = readByte(what)) & 0x80) != 0) {
            value |= (b & 0x7f) << shift;
            shift += 7;
            if (shift > 63) {
                throw new Malformed(what + ": varlong longer than 10 bytes");
            }
        }
        value |= b << shift;
        return (value >>> 1) ^ -(value & 1);
    }

    /** A copy of the next {@code length} bytes, or null for length -1 (any other negative length is malformed). */
    byte[] readBytes(int length, String what) {
        if (length == -1) {
            return null;
        }
        if (length < -1) {
            throw new Malformed(what + " length " + length);
        }
        need(length, what);
        byte[] copy = bytes.asSlice(position, length).toArray(ValueLayout.JAVA_BYTE);
        position += length;
        return copy;
    }

    /** Skips what {@link #readBytes} would read. */
    void skipBytes(int length, String what) {
        if (length < -1) {
            throw new Malformed(what + " length " + length);
        }
        if (length > 0) {
            need(length, what);
            position += length;
        }
    }

    private void need(long length, String what) {
        if (length > limit - position) {
            throw new Malformed(what + " needs " + length + " bytes, " + (limit - position) + " left");
        }
    }
}
