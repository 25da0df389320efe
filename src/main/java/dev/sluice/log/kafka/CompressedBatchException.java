package dev.sluice.log.kafka;

import java.io.IOException;

/**
 * A valid batch whose records are compressed, asked for its records. sluice checks the CRC of a
 * compressed batch and can send it whole, but does not decode compressed records yet.
 */
public class CompressedBatchException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The codec of the batch. */
    private final KafkaCompression compression;

    /**
     * An exception naming the codec and the batch.
     *
     * @param compression the batch's codec (never {@link KafkaCompression#NONE})
     * @param baseOffset the batch's base offset
     */
    public CompressedBatchException(KafkaCompression compression, long baseOffset) {
        super("the batch at offset " + baseOffset + " is compressed with " + compression.kafkaName()
                + ": sluice does not decode compressed batches yet (Kafka decodes " + compression.kafkaName()
                + " with " + compression.codecLibrary() + ")");
        this.compression = compression;
    }

    /** {@return the batch's codec} */
    public KafkaCompression compression() {
        return compression;
    }
}
