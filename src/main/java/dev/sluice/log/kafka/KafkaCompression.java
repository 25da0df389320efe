package dev.sluice.log.kafka;

/**
 * The compression codec of a batch: bits 0-2 of its attributes. The names are Kafka's
 * ({@code compression.type}); {@link #codecLibrary()} names the library that decodes it, the one
 * kafka-clients 4.4 uses, in the version it uses. sluice decodes a codec when that library is on the
 * class path ({@link #isAvailable()}): they are optional dependencies, looked up at run time.
 */
public enum KafkaCompression {
    /** Records stored as they are. */
    NONE(0, "none", "none"),
    /** GZIP (java.util.zip): always available. */
    GZIP(1, "gzip", "the JDK's java.util.zip"),
    /** Snappy, in snappy-java's stream framing. */
    SNAPPY(2, "snappy", "org.xerial.snappy:snappy-java:1.1.10.7"),
    /** LZ4 (the frame format). */
    LZ4(3, "lz4", "at.yawk.lz4:lz4-java:1.11.2"),
    /** Zstandard. */
    ZSTD(4, "zstd", "com.github.luben:zstd-jni:1.5.7-17");

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

    /**
     * {@return the library that decodes the codec: what kafka-clients itself uses, as Maven coordinates
     * (groupId:artifactId:version) for all but {@link #NONE} and {@link #GZIP}}
     */
    public String codecLibrary() {
        return codecLibrary;
    }

    /**
     * Whether this JVM decodes the codec: its library is on the class path and loaded (for zstd and
     * snappy, with their native code). Looked up once, the first time it is asked or a batch needs it.
     *
     * @return true for {@link #NONE} and {@link #GZIP}, and for the others if their library works
     */
    public boolean isAvailable() {
        return this == NONE || decompressor().absence() == null;
    }

    /** {@return the codec's decompressor (whose library may be absent); not for {@link #NONE}} */
    Decompressor decompressor() {
        return switch (this) {
            case NONE -> throw new IllegalStateException("records of codec none are not compressed");
            case GZIP -> GzipDecompressor.INSTANCE;
            case SNAPPY -> SnappyDecompressor.INSTANCE;
            case LZ4 -> Lz4Decompressor.INSTANCE;
            case ZSTD -> ZstdDecompressor.INSTANCE;
        };
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
