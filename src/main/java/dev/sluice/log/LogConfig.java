package dev.sluice.log;

import dev.sluice.log.kafka.KafkaBatchDecoder;
import dev.sluice.log.kafka.KafkaSegmentIndexer;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything a log's writer does, as values. Start from {@link #builder()} (or
 * {@link #toBuilder()} of another) and set what you need.
 *
 * @param segmentBytes roll to a new segment before one would exceed this size
 * @param segmentAge roll a segment this old (since its first append), or null for never
 * @param maxBatchBytes the largest batch accepted, and the most a reader will ever allocate for one
 * @param indexIntervalBytes one sparse index entry per this many bytes of segment
 * @param retentionBytes delete the oldest segments while the log is larger, or 0 for no limit
 * @param retentionAge delete segments whose newest record is older, or null for no limit
 * @param ioMode how the writer writes segments
 * @param writeBehind when written data starts its way to disk, ahead of durability
 * @param coalescing whether small appends are gathered into one write
 * @param durability when appends are made durable (fdatasync)
 * @param cacheHint what the writer leaves in the page cache behind it
 * @param format the format of a new log's files; an existing log keeps the one it has
 */
public record LogConfig(long segmentBytes, Duration segmentAge, int maxBatchBytes, int indexIntervalBytes,
                        long retentionBytes, Duration retentionAge, IoMode ioMode, WriteBehind writeBehind,
                        Coalescing coalescing, Durability durability, CacheHint cacheHint, LogFormat format) {
    /**
     * Checks the settings together.
     *
     * @throws NullPointerException if ioMode, writeBehind, coalescing, durability, cacheHint or format is null
     * @throws IllegalArgumentException if maxBatchBytes cannot hold one record, a segment cannot hold one
     *         batch, indexIntervalBytes is not positive, retentionBytes is negative, a Kafka-format
     *         segment would pass Kafka's 2 GiB limit, or coalescing is on with {@link IoMode#MMAP} or
     *         with {@link Durability#everyAppend()}
     */
    public LogConfig {
        Objects.requireNonNull(ioMode, "ioMode");
        Objects.requireNonNull(writeBehind, "writeBehind");
        Objects.requireNonNull(coalescing, "coalescing");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(cacheHint, "cacheHint");
        Objects.requireNonNull(format, "format");
        if (maxBatchBytes < BatchFormat.of(format).smallestBatchBytes()) {
            throw new IllegalArgumentException("maxBatchBytes too small: " + maxBatchBytes);
        }
        if (segmentBytes < maxBatchBytes) {
            throw new IllegalArgumentException("segmentBytes (" + segmentBytes + ") must hold at least one batch of "
                    + "maxBatchBytes (" + maxBatchBytes + ")");
        }
        if (indexIntervalBytes <= 0) {
            throw new IllegalArgumentException("indexIntervalBytes must be > 0");
        }
        if (retentionBytes < 0) {
            throw new IllegalArgumentException("retentionBytes must be >= 0");
        }
        if (format == LogFormat.KAFKA && segmentBytes > KafkaSegmentIndexer.MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes (" + segmentBytes + ") is more than a Kafka segment can be ("
                    + KafkaSegmentIndexer.MAX_SEGMENT_BYTES + " bytes: its indexes hold int32 positions)");
        }
        if (coalescing.isOn() && ioMode == IoMode.MMAP) {
            throw new IllegalArgumentException("coalescing gathers appends into one write, so it needs IoMode.PWRITE or "
                    + "DIRECT, not MMAP (a mapping already costs no system call per append)");
        }
        if (coalescing.isOn() && durability.kind() == Durability.Kind.EVERY_APPEND) {
            throw new IllegalArgumentException("coalescing with Durability.everyAppend() would still write and sync each "
                    + "append alone: choose group commit (Durability.everyBytes or every) or Durability.none()");
        }
    }

    /** {@return this configuration for a log in {@code format}} @param format the format the log's files are in */
    LogConfig withFormat(LogFormat format) {
        if (format == this.format) {
            return this;
        }
        Builder b = toBuilder().format(format);
        if (maxBatchBytes == defaultMaxBatchBytes(this.format) && segmentBytes >= defaultMaxBatchBytes(format)) {
            b.maxBatchBytes(defaultMaxBatchBytes(format)); // a default stays the default of the format found
        }
        return b.build();
    }

    /**
     * The largest batch by default: 1 MiB, and in Kafka's format Kafka's own default
     * ({@code message.max.bytes}, 1 MiB and its 12 bytes of log overhead), so a reader takes any batch
     * a broker with default settings accepted.
     */
    static int defaultMaxBatchBytes(LogFormat format) {
        return format == LogFormat.KAFKA ? KafkaBatchDecoder.DEFAULT_MAX_BATCH_BYTES : 1 << 20;
    }

    /**
     * 256 MiB segments, 1 MiB batches (in Kafka's format 1 MiB and 12 bytes, Kafka's default), an index
     * entry per 4 KiB, pwrite, durable on every append.
     *
     * @return the default configuration
     */
    public static LogConfig defaults() {
        return builder().build();
    }

    /**
     * A builder with the {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    /** {@return a new builder holding this configuration's settings} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.segmentBytes = segmentBytes;
        b.segmentAge = segmentAge;
        b.maxBatchBytes = maxBatchBytes;
        b.indexIntervalBytes = indexIntervalBytes;
        b.retentionBytes = retentionBytes;
        b.retentionAge = retentionAge;
        b.ioMode = ioMode;
        b.writeBehind = writeBehind;
        b.coalescing = coalescing;
        b.durability = durability;
        b.cacheHint = cacheHint;
        b.format = format;
        return b;
    }

    /** Collects settings; {@link #build()} checks them together. */
    public static final class Builder {
        private long segmentBytes = 256L << 20;
        private Duration segmentAge;
        /** Null until set: then {@link #defaultMaxBatchBytes} of the format. */
        private Integer maxBatchBytes;
        private int indexIntervalBytes = 4096;
        private long retentionBytes;
        private Duration retentionAge;
        private IoMode ioMode = IoMode.PWRITE;
        private WriteBehind writeBehind = WriteBehind.off();
        private Coalescing coalescing = Coalescing.off();
        private Durability durability = Durability.everyAppend();
        private CacheHint cacheHint = CacheHint.KEEP;
        private LogFormat format = LogFormat.SLUICE;

        private Builder() {
        }

        /**
         * Rolls to a new segment before one would exceed this size (default 256 MiB).
         *
         * @param v the largest segment, in bytes; at least {@code maxBatchBytes}
         * @return this builder
         */
        public Builder segmentBytes(long v) {
            segmentBytes = v;
            return this;
        }

        /**
         * Rolls a segment this old, counted from its first append (default: never).
         *
         * @param v the age, or null for never
         * @return this builder
         */
        public Builder segmentAge(Duration v) {
            segmentAge = v;
            return this;
        }

        /**
         * The largest batch an append may make, header included (default 1 MiB; in Kafka's format 1 MiB and
         * 12 bytes, Kafka's {@code message.max.bytes}); readers allocate up to this.
         *
         * @param v bytes
         * @return this builder
         */
        public Builder maxBatchBytes(int v) {
            maxBatchBytes = v;
            return this;
        }

        /**
         * One sparse index entry per this many bytes of segment (default 4 KiB).
         *
         * @param v bytes, more than 0
         * @return this builder
         */
        public Builder indexIntervalBytes(int v) {
            indexIntervalBytes = v;
            return this;
        }

        /**
         * Deletes the oldest whole segments while the log is larger than {@code bytes}, or while their newest
         * record is older than {@code age} (default: keep everything).
         *
         * @param bytes the most the log keeps, in bytes, or 0 for no limit
         * @param age the oldest record kept, or null for no limit
         * @return this builder
         */
        public Builder retention(long bytes, Duration age) {
            retentionBytes = bytes;
            retentionAge = age;
            return this;
        }

        /**
         * How segments are written (default {@link IoMode#PWRITE}).
         *
         * @param v the I/O mode
         * @return this builder
         */
        public Builder ioMode(IoMode v) {
            ioMode = v;
            return this;
        }

        /**
         * When written data starts its way to disk (default {@link WriteBehind#off()}).
         *
         * @param v the write-behind policy
         * @return this builder
         */
        public Builder writeBehind(WriteBehind v) {
            writeBehind = v;
            return this;
        }

        /**
         * Whether small appends are gathered into one write (default {@link Coalescing#off()}).
         *
         * @param v the coalescing policy
         * @return this builder
         */
        public Builder coalescing(Coalescing v) {
            coalescing = v;
            return this;
        }

        /**
         * When appends become durable (default {@link Durability#everyAppend()}).
         *
         * @param v the durability policy
         * @return this builder
         */
        public Builder durability(Durability v) {
            durability = v;
            return this;
        }

        /**
         * What the writer leaves in the page cache (default {@link CacheHint#KEEP}).
         *
         * @param v the cache hint
         * @return this builder
         */
        public Builder cacheHint(CacheHint v) {
            cacheHint = v;
            return this;
        }

        /**
         * The format of a new log's files (default {@link LogFormat#SLUICE}). An existing log is
         * recognised by its contents and keeps its format whatever this says.
         *
         * @param v the format
         * @return this builder
         */
        public Builder format(LogFormat v) {
            format = v;
            return this;
        }

        /**
         * {@return the configuration}
         * @throws IllegalArgumentException if the settings do not fit together (see {@link LogConfig})
         * @throws NullPointerException if a policy was set to null
         */
        public LogConfig build() {
            int batchBytes = maxBatchBytes != null ? maxBatchBytes : defaultMaxBatchBytes(format);
            return new LogConfig(segmentBytes, segmentAge, batchBytes, indexIntervalBytes, retentionBytes,
                    retentionAge, ioMode, writeBehind, coalescing, durability, cacheHint, format);
        }
    }
}
