package dev.sluice.log;

import dev.sluice.log.kafka.KafkaSegmentIndexer;
import dev.sluice.sys.NativeFile;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * One segment file of a log: its base offset, its format, its open file (used by the writer and for
 * syncs), its sparse index (and in Kafka's format the {@code .index} and {@code .timeindex} Kafka
 * keeps), and how far it holds valid batches. {@code end} and {@code nextOffset} are published
 * by the writer after the bytes are written, so a reader that reads them sees the bytes.
 */
final class Segment implements AutoCloseable {
    final long baseOffset;
    final String name;
    final NativeFile file;
    final BatchFormat format;
    final SegmentIndex index;
    /** Kafka's own indexes of the segment, in Kafka's format (else null); guarded by itself. */
    final KafkaSegmentIndexer kafkaIndexes;
    /** Both, as a scan or an append feeds them. */
    final SegmentIndexes indexes;
    /** Where valid batches end and the offset there, published together so readers see a matching pair. */
    record Tail(long end, long nextOffset) {
    }

    private volatile Tail tail;
    private volatile long maxTimestamp;
    private volatile boolean sealed;
    /** When the first batch was appended in this process (for rolling by age), or 0. */
    private long firstAppendMillis;

    Segment(long baseOffset, NativeFile file, BatchFormat format, SegmentIndexes indexes, long end, long nextOffset,
            long maxTimestamp, boolean sealed) {
        this.baseOffset = baseOffset;
        this.name = SegmentNames.log(baseOffset);
        this.file = file;
        this.format = format;
        this.index = indexes.offsets();
        this.kafkaIndexes = indexes.kafka();
        this.indexes = indexes;
        this.tail = new Tail(end, nextOffset);
        this.maxTimestamp = maxTimestamp;
        this.sealed = sealed;
    }

    Tail tail() {
        return tail;
    }

    long end() {
        return tail.end();
    }

    long nextOffset() {
        return tail.nextOffset();
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    boolean isSealed() {
        return sealed;
    }

    boolean isEmpty() {
        return tail.end() == 0;
    }

    long firstAppendMillis() {
        return firstAppendMillis;
    }

    /** Adds the batch at {@code h.position()}, whose header bytes start {@code header}, to the indexes. */
    void indexBatch(BatchHeader h, MemorySegment header) {
        String problem = indexes.onBatch(h, header);
        if (problem != null) {
            // the append path rolls before a batch could pass what the indexes hold
            throw new IllegalStateException(name + ": " + problem);
        }
    }

    /** Publishes a batch written at the old end. */
    void appended(long newEnd, long newNextOffset, long timestamp, long nowMillis) {
        if (firstAppendMillis == 0) {
            firstAppendMillis = nowMillis;
        }
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        tail = new Tail(newEnd, newNextOffset);
    }

    void seal() {
        sealed = true;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
