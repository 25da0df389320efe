package dev.sluice.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code append-latency}: 4 KiB appends with a durability point every {@code durableEvery}
 * bytes, each append's latency recorded.
 * <ul>
 * <li>{@code rate=max}: appends back to back; gives the throughput (MB/s, the final sync included)
 *     and the latency of each append call.</li>
 * <li>{@code rate=<size>} (bytes per second): a steady offered rate, appends scheduled at fixed
 *     intervals whether or not the previous one was late; latency counts from the scheduled time,
 *     so a stall also charges the appends queued behind it (no coordinated omission).</li>
 * </ul>
 * Figures (JMH secondary results): {@code MB/s}, {@code p50}, {@code p99}, {@code p99.9}, {@code max} (µs).
 * {@code limit-...} variants run the {@link LimitProgram} with the same schedule, which measures the
 * same figures the same way in C (see {@link Limits}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO,
        BenchJvm.CHRONICLE_1, BenchJvm.CHRONICLE_2, BenchJvm.CHRONICLE_3, BenchJvm.CHRONICLE_4, BenchJvm.CHRONICLE_5,
        BenchJvm.CHRONICLE_6, BenchJvm.CHRONICLE_7, BenchJvm.CHRONICLE_8, BenchJvm.CHRONICLE_QUIET_1,
        BenchJvm.CHRONICLE_QUIET_2, BenchJvm.CHRONICLE_QUIET_3})
public class AppendLatencyBenchmark {
    static final int RECORD = 4096;

    @Param({"nio-write", "nio-write-bgforce", "sluice-writebehind-1m", "sluice-writebehind", "sluice-mmap", "sluice-coalesce"})
    public String variant;
    @Param({"max", "256m"})
    public String rate;
    @Param({"512m"})
    public String size;
    @Param({"64m"})
    public String durableEvery;

    private ByteBuffer record;
    private long total;
    private long intervalNanos;
    private Path dir;
    private Appenders appender;
    private LatencyRecorder latencies;
    private LimitProgram.Ready limit;

    @Setup(Level.Trial)
    public void payloadAndWarmUp() throws IOException {
        record = BenchData.randomRecord(RECORD, 7);
        total = BenchData.bytes(size) / RECORD * RECORD;
        intervalNanos = rate.equals("max") ? 0 : Math.max(1, 1_000_000_000L * RECORD / BenchData.bytes(rate));
        if (Limits.isLimit(variant)) {
            LimitProgram.binary(); // compiled now, not in the timed run
            return;
        }
        // The append path warmed (JIT) flat out on a small file, through the timed loop itself, so the
        // first timed iteration runs that loop compiled too; a profile may then skip a warmup iteration.
        Path scratch = BenchData.freshDirectory("latency-warmup-");
        long warmBytes = Math.min(total, BenchData.WARMUP_BYTES);
        try (Appenders warm = Appenders.open(variant, scratch, warmBytes, RECORD, warmBytes / 4)) {
            appendAll(warm, warmBytes / RECORD, intervalNanos, new LatencyRecorder((int) (warmBytes / RECORD)));
            warm.finish();
        } finally {
            BenchData.deleteTree(scratch);
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = BenchData.freshDirectory("append-latency-");
        if (Limits.isLimit(variant)) {
            // the same schedule: one write per RECORD bytes offered at the rate
            long bytesPerSecond = rate.equals("max") ? 0 : BenchData.bytes(rate) * (RECORD + Limits.FRAME_BYTES) / RECORD;
            limit = LimitProgram.ready(Limits.append(variant, dir.resolve("limit.log"), total / RECORD, RECORD,
                    BenchData.bytes(durableEvery), bytesPerSecond, true));
            return;
        }
        appender = Appenders.open(variant, dir, total, RECORD, BenchData.bytes(durableEvery));
        latencies = new LatencyRecorder((int) (total / RECORD));
    }

    @Benchmark
    public void run() throws IOException {
        if (limit != null) {
            runLimit();
            return;
        }
        long start = System.nanoTime();
        appendAll(appender, total / RECORD, intervalNanos, latencies);
        appender.finish();
        long elapsed = System.nanoTime() - start;
        Metrics.record("MB/s", total / 1e6 / (elapsed / 1e9), "MB/s");
        latencies.report("");
    }

    /** The timed loop: {@code appends} appends, flat out ({@code intervalNanos} 0) or on a fixed schedule. */
    private void appendAll(Appenders appender, long appends, long intervalNanos, LatencyRecorder latencies)
            throws IOException {
        long start = System.nanoTime();
        for (long i = 0; i < appends; i++) {
            long begin;
            if (intervalNanos > 0) {
                begin = start + i * intervalNanos;
                while (System.nanoTime() < begin) {
                    Thread.onSpinWait();
                }
            } else {
                begin = System.nanoTime();
            }
            record.clear();
            appender.append(record);
            latencies.record(System.nanoTime() - begin);
        }
    }

    private void runLimit() throws IOException {
        Map<String, String> figures = limit.go();
        // the same figure as the Java variants': the records' bytes over the time, the final sync included
        Metrics.record("MB/s", total / 1e6 / LimitProgram.figure(figures, "seconds"), "MB/s");
        for (String name : List.of("p50", "p99", "p99.9", "max")) {
            Metrics.record(name, LimitProgram.figure(figures, name), "us");
        }
    }

    @TearDown(Level.Iteration)
    public void delete() throws IOException {
        try {
            if (appender != null) {
                appender.close();
            }
            if (limit != null) {
                limit.close();
                limit = null;
            }
        } finally {
            BenchData.deleteTree(dir);
        }
    }
}
