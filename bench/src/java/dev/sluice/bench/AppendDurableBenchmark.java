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
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code append-durable}: the time to append {@code size} bytes in records of
 * {@code recordSize} and have all of it durable, with a durability point every {@code durableEvery}
 * bytes ("0": only at the end). Each iteration writes a new file, deleted afterwards. The trial's setup
 * first runs the same code over {@link BenchData#WARMUP_BYTES}, and over small records up to
 * {@link BenchData#WARMUP_CALLS} appends in all (a warm-up that costs less than a full-size warmup iteration).
 * Variants: see {@link Appenders}; {@code limit-...} variants run the {@link LimitProgram} over the
 * same size instead (see {@link Limits}), started in the iteration's set-up and timed from its go to
 * its exit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO,
        BenchJvm.CHRONICLE_1, BenchJvm.CHRONICLE_2, BenchJvm.CHRONICLE_3, BenchJvm.CHRONICLE_4, BenchJvm.CHRONICLE_5,
        BenchJvm.CHRONICLE_6, BenchJvm.CHRONICLE_7, BenchJvm.CHRONICLE_8, BenchJvm.CHRONICLE_QUIET_1,
        BenchJvm.CHRONICLE_QUIET_2, BenchJvm.CHRONICLE_QUIET_3})
public class AppendDurableBenchmark {
    @Param({"nio-write", "sluice-writebehind", "sluice-bounded", "sluice-direct", "sluice-direct-coalesce", "sluice-mmap"})
    public String variant;
    @Param({"64k"})
    public String recordSize;
    @Param({"1g"})
    public String size;
    @Param({"64m"})
    public String durableEvery;

    /** The record size of the warm-up's extra calls. */
    private static final int WARMUP_RECORD = 512;

    private ByteBuffer record;
    private long total;
    private Path dir;
    private Appenders appender;
    private LimitProgram.Ready limit;

    @Setup(Level.Trial)
    public void payloadAndWarmUp() throws IOException {
        record = BenchData.randomRecord((int) BenchData.bytes(recordSize), 42);
        total = BenchData.bytes(size);
        if (Limits.isLimit(variant)) {
            LimitProgram.binary(); // compiled now, not in the timed run
            return;
        }
        // The code path warmed (JIT) on a small file, so a profile may skip a full-size warmup iteration.
        long warmBytes = Math.min(total, BenchData.WARMUP_BYTES);
        warmUp(record, warmBytes);
        long calls = warmBytes / record.capacity();
        if (calls < BenchData.WARMUP_CALLS) {
            // the rest of the calls with small records: the same code, a few MiB instead of GiBs
            warmUp(BenchData.randomRecord(WARMUP_RECORD, 43), (BenchData.WARMUP_CALLS - calls) * WARMUP_RECORD);
        }
    }

    private void warmUp(ByteBuffer with, long bytes) throws IOException {
        Path scratch = BenchData.freshDirectory("append-warmup-");
        try (Appenders warm = Appenders.open(variant, scratch, bytes, with.capacity(), bytes / 4)) {
            appendAll(warm, with, bytes);
        } finally {
            BenchData.deleteTree(scratch);
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = BenchData.freshDirectory("append-durable-");
        if (Limits.isLimit(variant)) {
            limit = LimitProgram.ready(Limits.append(variant, dir.resolve("limit.log"), total / record.capacity(),
                    record.capacity(), BenchData.bytes(durableEvery), 0, false));
        } else {
            appender = Appenders.open(variant, dir, total, record.capacity(), BenchData.bytes(durableEvery));
        }
    }

    @Benchmark
    public void run() throws IOException {
        if (limit != null) {
            limit.go();
        } else {
            appendAll(appender, record, total);
        }
    }

    private static void appendAll(Appenders to, ByteBuffer record, long bytes) throws IOException {
        for (long done = 0; done < bytes; done += record.capacity()) {
            to.append(record.clear());
        }
        to.finish();
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
