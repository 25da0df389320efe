package dev.sluice.log;

import java.io.IOException;

/** A segment that should be intact is not: names the segment and the byte position of the problem. */
public final class CorruptLogException extends IOException {
    /** The segment's file name. */
    private final String segment;
    /** The byte in the segment where the problem starts. */
    private final long position;

    CorruptLogException(String segment, long position, String problem) {
        super(segment + " is corrupt at byte " + position + ": " + problem);
        this.segment = segment;
        this.position = position;
    }

    /** {@return the corrupt segment's file name} */
    public String segment() {
        return segment;
    }

    /** {@return the byte position in the segment where the problem starts} */
    public long position() {
        return position;
    }
}
