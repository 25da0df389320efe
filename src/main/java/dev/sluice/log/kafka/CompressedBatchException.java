package dev.sluice.log.kafka;

import java.io.IOException;

/**
 * A compressed batch asked for its records in a JVM without its codec: the codec's library (an
 * optional dependency, see {@link KafkaCompression#codecLibrary()}) is not on the class path, or
 * failed to load (its native part, for snappy and zstd). The batch itself is valid as far as its CRC
 * goes, and can still be checked and sent whole; the message says which library to add.
 */
public class CompressedBatchException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The codec of the batch. */
    private final KafkaCompression compression;

    /**
     * An exception naming the codec, the library to add and the batch.
     *
     * @param compression the batch's codec (neither {@link KafkaCompression#NONE} nor {@link KafkaCompression#GZIP})
     * @param baseOffset the batch's base offset
     * @param absence why the codec's library cannot be used: a {@link ClassNotFoundException} if it is
     *        not on the class path, else what failed as it loaded
     */
    public CompressedBatchException(KafkaCompression compression, long baseOffset, Throwable absence) {
        super(message(compression, baseOffset, absence), absence);
        this.compression = compression;
    }

    private static String message(KafkaCompression compression, long baseOffset, Throwable absence) {
        String batch = "the batch at offset " + baseOffset + " is compressed with " + compression.kafkaName() + ", ";
        String library = compression.codecLibrary();
        if (absence instanceof ClassNotFoundException) {
            // on the module path an automatic module nothing requires is not resolved unless named
            String modulePath = CompressedBatchException.class.getModule().isNamed()
                    ? "; on the module path it must also be resolved, e.g. --add-modules ALL-MODULE-PATH" : "";
            return batch + "whose codec is not on the class path: add " + library + " (as kafka-clients 4.4 does; "
                    + "sluice has it as an optional dependency)" + modulePath;
        }
        return batch + "whose codec " + library + " is on the class path but failed to load: " + absence;
    }

    /** {@return the batch's codec} */
    public KafkaCompression compression() {
        return compression;
    }
}
