package dev.sluice.bench;

import dev.sluice.log.Log;
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
import java.util.concurrent.TimeUnit;

/**
 * A sequential read of the whole {@link ReadDataset}, by each variant of {@link Readers}, or for a
 * {@code limit-...} variant by the {@link LimitProgram}'s read loop over the segment file (see
 * {@link Limits}; started before the iteration, timed from its go); the subclasses set the page cache
 * up before each iteration (not timed): cold or warm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO})
public abstract class ReadBenchmarkBase {
    @Param({"nio-read-64k", "nio-read-1m", "nio-map", "sluice-kernel", "sluice-sequential", "sluice-explicit-32m",
            "sluice-mmap"})
    public String variant;
    @Param({"1g"})
    public String size;

    ReadDataset data;
    Log log;
    private LimitProgram.Ready limit;

    @Setup(Level.Trial)
    public void openDatasetAndWarmUp() throws IOException {
        data = ReadDataset.ensure(size);
        log = Log.openReadOnly(data.dir, data.config);
        if (Limits.isLimit(variant)) {
            return; // C has no JIT to warm
        }
        // The read path warmed (JIT) on a small dataset, BenchData.WARMUP_CALLS batches; a profile may then skip a full-size warmup iteration.
        ReadDataset small = ReadDataset.ensure(Long.toString(BenchData.WARMUP_BYTES));
        long passes = Math.ceilDiv(BenchData.WARMUP_CALLS, small.bytes / ReadDataset.RECORD);
        try (Log smallLog = Log.openReadOnly(small.dir, small.config)) {
            for (long pass = 0; pass < passes; pass++) {
                Readers.read(variant, small, smallLog); // cached after the first: it is the JIT being warmed
            }
        }
    }

    @TearDown(Level.Trial)
    public void closeDataset() throws IOException {
        log.close();
    }

    /** A limit variant's program, started now: it opens the file only at its go. */
    @Setup(Level.Iteration)
    public void startLimit() throws IOException {
        if (Limits.isLimit(variant)) {
            limit = LimitProgram.ready(Limits.read(variant, data.segment));
        }
    }

    @TearDown(Level.Iteration)
    public void endLimit() {
        if (limit != null) {
            limit.close();
            limit = null;
        }
    }

    @Benchmark
    public void run() throws IOException {
        if (limit == null) {
            Readers.read(variant, data, log);
            return;
        }
        long got = (long) LimitProgram.figure(limit.go(), "bytes");
        if (got != data.bytes) {
            throw new IllegalStateException(variant + " read " + got + " bytes, expected " + data.bytes);
        }
    }
}
