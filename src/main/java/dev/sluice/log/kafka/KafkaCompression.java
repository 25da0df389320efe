package dev.sluice.log.kafka;

/**
 * The compression codec of a batch: bits 0-2 of its attributes. The names are Kafka's
 * ({@code compression.type}); {@link #codecLibrary()} names the library kafka-clients decodes it with.
 */
public enum KafkaCompression {
    /** Records stored as they are. */
    NONE(0, "none", "none"),
    /** GZIP (java.util.zip). */
    GZIP(1, "gzip", "the JDK's java.util.zip"),
    /** Snappy. */
    SNAPPY(2, "snappy", "org.xerial.snappy:snappy-java"),
    /** LZ4 (the frame format). */
    LZ4(3, "lz4", "at.yawk.lz4:lz4-java"),
    /** Zstandard. */
    ZSTD(4, "zstd", "com.github.luben:zstd-jni");

    private final int id;
    private final String kafkaName;
    private final String codecLibrary;

    KafkaCompression(int id, String kafkaName, String codecLibrary) {
        this.id = id;
        this.kafkaName = kafkaName;
        this.codecLibrary = codecLibrary;
    }

    /** {@return the codec id stored in the attributes' low three bits} */
    public int id() {
        return id;
    }

    /** {@return Kafka's name of the codec, as in {@code compression.type}: {@code none}, {@code gzip}, and so on} */
    public String kafkaName() {
        return kafkaName;
    }

    /** {@return the library that decodes the codec (what kafka-clients itself uses)} */
    public String codecLibrary() {
        return codecLibrary;
    }

    /**
     * The codec of an id.
     *
     * @param id the attributes' low three bits
     * @return the codec, or null for the ids 5-7, which no Kafka version defines
     */
    public static KafkaCompression ofId(int id) {
        for (KafkaCompression c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return kafkaName;
    }
}
