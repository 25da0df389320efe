package dev.sluice.log;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/** Sluice's own batches ({@link Batch}): payloads only. */
final class SluiceBatches implements BatchFormat {
    static final SluiceBatches INSTANCE = new SluiceBatches();

    private SluiceBatches() {
    }

    @Override
    public LogFormat format() {
        return LogFormat.SLUICE;
    }

    @Override
    public int headerBytes() {
        return Batch.HEADER_BYTES;
    }

    @Override
    public int smallestBatchBytes() {
        return Batch.HEADER_BYTES + Batch.RECORD_OVERHEAD;
    }

    @Override
    public BatchHeader header(MemorySegment bytes, long position) {
        Batch.Header h = Batch.header(bytes, position);
        return new BatchHeader(position, h.size(), h.baseOffset(), h.nextOffset(), h.maxTimestamp());
    }

    @Override
    public String headerProblem(MemorySegment bytes, long expectedOffset, long bytesAvailable, int maxBatchBytes) {
        return Batch.headerProblem(Batch.header(bytes, 0), expectedOffset, bytesAvailable, maxBatchBytes);
    }

    @Override
    public boolean isLargerBatch(MemorySegment bytes, long bytesAvailable, int maxBatchBytes) {
        Batch.Header h = Batch.header(bytes, 0);
        return h.magic() == Batch.MAGIC && h.size() > maxBatchBytes && h.size() <= bytesAvailable;
    }

    @Override
    public String bodyProblem(MemorySegment batch) {
        return Batch.bodyProblem(batch);
    }

    @Override
    public int visit(MemorySegment batch, long fromOffset, int max, RecordSink sink) throws IOException {
        return Batch.visit(batch, fromOffset, max, (offset, timestamp, payload) ->
                sink.accept(offset, timestamp, null, payload, List.of()));
    }

    @Override
    public int encodedSize(long baseOffset, long timestamp, AppendRecords records) {
        if (records.hasMoreThanPayloads()) {
            throw new IllegalArgumentException("sluice's own log format stores payloads only: a record with a key, "
                    + "headers or a null payload needs a log in LogFormat.KAFKA");
        }
        return Batch.encodedSize(records);
    }

    @Override
    public void encode(MemorySegment dst, long baseOffset, long timestamp, AppendRecords records) {
        Batch.encode(dst, baseOffset, timestamp, records);
    }
}
