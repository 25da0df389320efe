package dev.sluice.log;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Receives the records of a checked batch in place: key and payload are read-only views of the batch
 * (null where the record has none), valid only during the call.
 */
interface RecordSink {
    void accept(long offset, long timestamp, MemorySegment key, MemorySegment payload, List<RecordHeader> headers)
            throws IOException;
}
