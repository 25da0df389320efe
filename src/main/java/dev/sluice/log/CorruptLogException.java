package dev.sluice.log;

import java.io.IOException;

/** A segment that should be intact is not: names the segment and the byte position of the problem. */
public final class CorruptLogException extends IOException {
    private final String segment;
    private final long position;

    CorruptLogException(String segment, long position, String problem) {
        super(segment + " is corrupt at byte " + position + ": " + problem);
        this.segment = segment;
        this.position = position;
    }

    public String segment() {
        return segment;
    }

    public long position() {
        return position;
    }
}
