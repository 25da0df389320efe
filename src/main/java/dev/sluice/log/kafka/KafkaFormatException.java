package dev.sluice.log.kafka;

import java.io.IOException;

/** Bytes that are not what Kafka's format allows: a bad CRC, bad magic, a truncated batch, a size out of range. */
public class KafkaFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception saying what is wrong.
     *
     * @param message what is wrong, and where
     */
    public KafkaFormatException(String message) {
        super(message);
    }
}
