package dev.sluice.log;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Receives records from {@link LogReader#read(int, RecordVisitor)} without a copy. The payload is a
 * read-only view of the reader's buffer (or mapping), valid only until this method returns: copy what
 * must outlive the call.
 */
@FunctionalInterface
public interface RecordVisitor {
    void accept(long offset, long timestamp, MemorySegment payload) throws IOException;
}
