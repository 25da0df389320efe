package dev.sluice.log;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Receives records from {@link LogReader#read(int, RecordVisitor)} without a copy. The payload is a
 * read-only view of the reader's buffer (or mapping), valid only until this method returns: copy what
 * must outlive the call. A record's key and headers (Kafka's format) are not handed over here: use
 * {@link LogReader#poll(int)} for them.
 */
@FunctionalInterface
public interface RecordVisitor {
    /**
     * Receives one record.
     *
     * @param offset the record's offset
     * @param timestamp when it was appended, in milliseconds since the epoch
     * @param payload the record's bytes: a read-only view, valid only during this call; null for a
     *                Kafka tombstone (a record without a value)
     * @throws IOException to stop the read; the reader's next read starts with this record
     */
    void accept(long offset, long timestamp, MemorySegment payload) throws IOException;
}
