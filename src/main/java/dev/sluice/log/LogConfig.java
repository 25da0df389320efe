package dev.sluice.log;

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
 */
public record LogConfig(long segmentBytes, Duration segmentAge, int maxBatchBytes, int indexIntervalBytes,
                        long retentionBytes, Duration retentionAge, IoMode ioMode, WriteBehind writeBehind,
                        Durability durability, CacheHint cacheHint) {
    public LogConfig {
        Objects.requireNonNull(ioMode, "ioMode");
        Objects.requireNonNull(writeBehind, "writeBehind");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(cacheHint, "cacheHint");
        if (maxBatchBytes < Batch.HEADER_BYTES + Batch.RECORD_OVERHEAD) {
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
    }

    /** 256 MiB segments, 1 MiB batches, an index entry per 4 KiB, pwrite, durable on every append. */
    public static LogConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
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
        b.durability = durability;
        b.cacheHint = cacheHint;
        return b;
    }

    /** Collects settings; {@link #build()} checks them together. */
    public static final class Builder {
        private long segmentBytes = 256L << 20;
        private Duration segmentAge;
        private int maxBatchBytes = 1 << 20;
        private int indexIntervalBytes = 4096;
        private long retentionBytes;
        private Duration retentionAge;
        private IoMode ioMode = IoMode.PWRITE;
        private WriteBehind writeBehind = WriteBehind.off();
        private Durability durability = Durability.everyAppend();
        private CacheHint cacheHint = CacheHint.KEEP;

        private Builder() {
        }

        public Builder segmentBytes(long v) {
            segmentBytes = v;
            return this;
        }

        public Builder segmentAge(Duration v) {
            segmentAge = v;
            return this;
        }

        public Builder maxBatchBytes(int v) {
            maxBatchBytes = v;
            return this;
        }

        public Builder indexIntervalBytes(int v) {
            indexIntervalBytes = v;
            return this;
        }

        public Builder retention(long bytes, Duration age) {
            retentionBytes = bytes;
            retentionAge = age;
            return this;
        }

        public Builder ioMode(IoMode v) {
            ioMode = v;
            return this;
        }

        public Builder writeBehind(WriteBehind v) {
            writeBehind = v;
            return this;
        }

        public Builder durability(Durability v) {
            durability = v;
            return this;
        }

        public Builder cacheHint(CacheHint v) {
            cacheHint = v;
            return this;
        }

        public LogConfig build() {
            return new LogConfig(segmentBytes, segmentAge, maxBatchBytes, indexIntervalBytes, retentionBytes,
                    retentionAge, ioMode, writeBehind, durability, cacheHint);
        }
    }
}
