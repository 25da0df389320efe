package dev.sluice.bench;

import java.util.Arrays;

/** Every append's latency in a run, kept whole (a run is at most a few hundred thousand appends). */
final class LatencyRecorder {
    private final long[] nanos;
    private int count;

    LatencyRecorder(int capacity) {
        this.nanos = new long[capacity];
    }

    void record(long latencyNanos) {
        nanos[count++] = latencyNanos;
    }

    /** Records p50, p99, p99.9 and max in microseconds, under {@code prefix} + name. */
    void report(String prefix) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        Metrics.record(prefix + "p50", percentile(sorted, 0.50) / 1e3, "us");
        Metrics.record(prefix + "p99", percentile(sorted, 0.99) / 1e3, "us");
        Metrics.record(prefix + "p99.9", percentile(sorted, 0.999) / 1e3, "us");
        Metrics.record(prefix + "max", sorted[sorted.length - 1] / 1e3, "us");
    }

    /** The smallest value at least {@code q} of the samples are at or below (nearest rank). */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
