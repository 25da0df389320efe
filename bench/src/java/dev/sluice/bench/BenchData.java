package dev.sluice.bench;

import dev.sluice.log.DataSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.SplittableRandom;

/** Payloads, sizes and scratch directories shared by the benchmarks. */
final class BenchData {
    /** How much data a benchmark's own warm-up (in its trial setup) moves through the measured code path. */
    static final long WARMUP_BYTES = 64L << 20;
    /**
     * How many times a warm-up calls the per-record and per-batch code at least: past C2's thresholds
     * (5,000 invocations, 15,000 with loop back-edges), so the first timed iteration runs compiled code.
     * 64 MiB is only 64 appends of 1 MiB: without this the quick profile timed the JIT, not the path.
     */
    static final int WARMUP_CALLS = 20_000;

    private BenchData() {
    }

    static long bytes(String size) {
        return DataSize.parse(size).bytes();
    }

    /** A direct buffer of incompressible bytes (the disk must not see zeros it could skip). */
    static ByteBuffer randomRecord(int size, long seed) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        SplittableRandom random = new SplittableRandom(seed);
        while (b.remaining() >= Long.BYTES) {
            b.putLong(random.nextLong());
        }
        while (b.hasRemaining()) {
            b.put((byte) random.nextInt());
        }
        return b.flip();
    }

    /** A new empty directory under the benchmark directory. */
    static Path freshDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(BenchFiles.directory(), prefix);
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
