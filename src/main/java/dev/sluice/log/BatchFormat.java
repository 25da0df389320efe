package dev.sluice.log;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * How one {@link LogFormat} lays out a batch: everything the log's reading, scanning, recovery and
 * appending code asks of the bytes, so that code is the same for both formats.
 */
sealed interface BatchFormat permits SluiceBatches, KafkaBatches {
    /** The problem of a header that is all zeros: no batch was written there. */
    String ZEROS = Batch.ZEROS;

    static BatchFormat of(LogFormat format) {
        return switch (format) {
            case SLUICE -> SluiceBatches.INSTANCE;
            case KAFKA -> KafkaBatches.INSTANCE;
        };
    }

    LogFormat format();

    /** How many bytes {@link #header} and {@link #headerProblem} read. */
    int headerBytes();

    /** The smallest batch this format can encode: a header and one empty record. */
    int smallestBatchBytes();

    /** The header at the start of {@code bytes} (at least {@link #headerBytes()} long); check it with {@link #headerProblem}. */
    BatchHeader header(MemorySegment bytes, long position);

    /**
     * Why the header at the start of {@code bytes} cannot start a valid batch, or null if it can.
     * Checked before anything is allocated for the batch, so a corrupt length never causes a large
     * allocation.
     *
     * @param expectedOffset the base offset the batch must have, or -1 if it is not known
     * @param bytesAvailable how many bytes there are from the header's start to the segment's end
     */
    String headerProblem(MemorySegment bytes, long expectedOffset, long bytesAvailable, int maxBatchBytes);

    /**
     * Whether the header is a plausible one of a batch larger than {@code maxBatchBytes} that fits in
     * {@code bytesAvailable}: written with a larger limit, not damage.
     */
    boolean isLargerBatch(MemorySegment bytes, long bytesAvailable, int maxBatchBytes);

    /** Why the whole batch is invalid (CRC, record framing), or null if it is valid. */
    String bodyProblem(MemorySegment batch);

    /**
     * Hands the records of a valid batch whose offset is at least {@code fromOffset} to the sink, at
     * most {@code max} of them, in place where the format allows; returns how many. A Kafka control
     * batch hands over none.
     */
    int visit(MemorySegment batch, long fromOffset, int max, RecordSink sink) throws IOException;

    /**
     * The size of the batch {@link #encode} writes of these records.
     *
     * @throws IllegalArgumentException if the format cannot store them (a key or headers in sluice's
     *         own format) or they are too large for one batch
     */
    int encodedSize(long baseOffset, long timestamp, AppendRecords records);

    /** Writes the batch into {@code dst} (exactly {@link #encodedSize} bytes), CRC included. */
    void encode(MemorySegment dst, long baseOffset, long timestamp, AppendRecords records);
}
