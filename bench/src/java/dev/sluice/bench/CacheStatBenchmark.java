package dev.sluice.bench;

import dev.sluice.cache.PageCache;
import dev.sluice.cache.Residency;
import dev.sluice.sys.KernelFeatures;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * The cost of asking "how much of this file is cached" for a 10 GiB sparse file with 64 MiB of
 * real data (cached) at a few offsets: cachestat(2) against mincore(2) over a temporary mapping,
 * both through {@link PageCache}.
 *
 * <p>The file lives under {@code target/bench-tmp} (override with {@code -Dsluice.bench.dir=...}),
 * on the repository's disk rather than a possibly tmpfs {@code /tmp}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO})
public class CacheStatBenchmark {
    static final long FILE_SIZE = 10L << 30;
    static final long CHUNK = 16L << 20;
    /** Four 16 MiB chunks: 64 MiB of real data spread over the file. */
    static final long[] DATA_OFFSETS = {0, 3L << 30, 6L << 30, FILE_SIZE - CHUNK};

    private Path path;
    private NativeFile file;

    @Setup(Level.Trial)
    public void createPartlyCachedSparseFile() throws IOException {
        if (!KernelFeatures.cachestat()) {
            throw new IllegalStateException("this kernel (" + KernelFeatures.kernelRelease()
                    + ") has no cachestat(2); PageCache.residency would fall back to mincore");
        }
        Path dir = Path.of(System.getProperty("sluice.bench.dir", "target/bench-tmp")).toAbsolutePath();
        Files.createDirectories(dir);
        path = Files.createTempFile(dir, "cachestat-", ".bin");
        try {
            fill();
        } catch (IOException | RuntimeException e) {
            deleteFile(); // leave no 10 GiB file behind even if JMH skips the teardown after a failed setup
            throw e;
        }
    }

    private void fill() throws IOException {
        file = NativeFile.open(path, EnumSet.of(OpenFlag.READ_WRITE));
        file.truncate(FILE_SIZE);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(1 << 20);
            buffer.fill((byte) 0x5a);
            for (long offset : DATA_OFFSETS) {
                for (long at = offset; at < offset + CHUNK; at += buffer.byteSize()) {
                    file.write(buffer, at);
                }
            }
        }
        file.syncData(); // clean, cached pages: nothing changes under the measurement

        long expected = DATA_OFFSETS.length * CHUNK / KernelFeatures.pageSize();
        Residency byCachestat = cachestat();
        Residency byMincore = mincore();
        if (byCachestat.source() != Residency.Source.CACHESTAT || byCachestat.cachedPages() == 0
                || byCachestat.cachedPages() > expected || byMincore.cachedPages() != byCachestat.cachedPages()) {
            throw new IllegalStateException("expected up to " + expected + " cached pages, both ways; got "
                    + byCachestat + " and " + byMincore);
        }
    }

    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        try {
            if (file != null) {
                file.close();
            }
        } finally {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** cachestat(2) over the whole file (this kernel has it; checked in setup). */
    @Benchmark
    public Residency cachestat() throws IOException {
        return PageCache.residency(file, 0, 0);
    }

    /** mincore(2) over a temporary read-only mapping of the whole file. */
    @Benchmark
    public Residency mincore() throws IOException {
        return PageCache.residencyByMincore(file, 0, 0);
    }
}
