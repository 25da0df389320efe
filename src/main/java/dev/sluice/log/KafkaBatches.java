package dev.sluice.log;

import dev.sluice.log.kafka.KafkaBatchDecoder;
import dev.sluice.log.kafka.KafkaBatchEncoder;
import dev.sluice.log.kafka.KafkaBatchHeader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Kafka's v2 record batches (dev.sluice.log.kafka): keys, payloads and headers; batches are written
 * as a producer without idempotence or compression writes them. Control batches (transaction
 * markers) hold no records a consumer sees, so they hand over none.
 */
final class KafkaBatches implements BatchFormat {
    static final KafkaBatches INSTANCE = new KafkaBatches();

    private KafkaBatches() {
    }

    @Override
    public LogFormat format() {
        return LogFormat.KAFKA;
    }

    @Override
    public int headerBytes() {
        return KafkaBatchHeader.HEADER_BYTES;
    }

    @Override
    public int smallestBatchBytes() {
        return KafkaBatchHeader.HEADER_BYTES + 7; // one record: size, attributes, two deltas, key and value lengths, header count
    }

    @Override
    public BatchHeader header(MemorySegment bytes, long position) {
        KafkaBatchHeader h = KafkaBatchHeader.read(bytes);
        return new BatchHeader(position, h.sizeInBytes(), h.baseOffset(), h.nextOffset(), h.maxTimestamp());
    }

    @Override
    public String headerProblem(MemorySegment bytes, long expectedOffset, long bytesAvailable, int maxBatchBytes) {
        KafkaBatchHeader h = KafkaBatchHeader.read(bytes);
        String problem = KafkaBatchDecoder.headerProblem(h, bytesAvailable, maxBatchBytes);
        if (problem == null && expectedOffset >= 0 && h.baseOffset() != expectedOffset) {
            return "base offset " + h.baseOffset() + ", expected " + expectedOffset
                    + " (sluice reads partitions without gaps: not compacted ones)";
        }
        return problem;
    }

    @Override
    public boolean isLargerBatch(MemorySegment bytes, long bytesAvailable, int maxBatchBytes) {
        KafkaBatchHeader h = KafkaBatchHeader.read(bytes);
        return h.magic() == KafkaBatchHeader.MAGIC && h.sizeInBytes() > maxBatchBytes
                && h.sizeInBytes() <= bytesAvailable
                && KafkaBatchDecoder.headerProblem(h, bytesAvailable, Integer.MAX_VALUE) == null;
    }

    @Override
    public String bodyProblem(MemorySegment batch) {
        return KafkaBatchDecoder.bodyProblem(batch);
    }

    @Override
    public int visit(MemorySegment batch, long fromOffset, int max, RecordSink sink) throws IOException {
        if (KafkaBatchHeader.read(batch).isControl()) {
            return 0;
        }
        int visited = 0;
        for (LogRecord r : KafkaBatchDecoder.records(batch)) {
            if (visited == max) {
                break;
            }
            if (r.offset() >= fromOffset) {
                sink.accept(r.offset(), r.timestamp(), view(r.key()), view(r.payload()), r.headers());
                visited++;
            }
        }
        return visited;
    }

    private static MemorySegment view(byte[] bytes) {
        return bytes == null ? null : MemorySegment.ofArray(bytes).asReadOnly();
    }

    @Override
    public int encodedSize(long baseOffset, long timestamp, AppendRecords records) {
        return KafkaBatchEncoder.encodedSize(baseOffset, asKafka(baseOffset, timestamp, records));
    }

    @Override
    public void encode(MemorySegment dst, long baseOffset, long timestamp, AppendRecords records) {
        KafkaBatchEncoder.encode(dst, baseOffset, KafkaBatchHeader.NO_PARTITION_LEADER_EPOCH,
                asKafka(baseOffset, timestamp, records));
    }

    /** One append's records as the encoder reads them: consecutive offsets, the append's time. */
    private static KafkaBatchEncoder.Records asKafka(long baseOffset, long timestamp, AppendRecords records) {
        return new KafkaBatchEncoder.Records() {
            @Override
            public int count() {
                return records.count();
            }

            @Override
            public long offset(int i) {
                return baseOffset + i;
            }

            @Override
            public long timestamp(int i) {
                return timestamp;
            }

            @Override
            public MemorySegment key(int i) {
                return records.key(i);
            }

            @Override
            public MemorySegment value(int i) {
                return records.payload(i);
            }

            @Override
            public List<RecordHeader> headers(int i) {
                return records.headers(i);
            }
        };
    }
}
