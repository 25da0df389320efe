package dev.sluice.bench;

import dev.sluice.log.CacheHint;
import dev.sluice.log.DataSize;
import dev.sluice.log.Log;
import dev.sluice.log.LogReader;
import dev.sluice.log.ReadAhead;
import dev.sluice.log.ReaderConfig;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * The reading code the read benchmarks compare: plain NIO over the segment file, and sluice's log
 * reader under a read-ahead policy and cache hint. Each reads the whole dataset from the start; what
 * it consumed is checked against the dataset, so no variant can skip work. (The {@code limit-...}
 * variants are the {@link LimitProgram}'s, run by {@link ReadBenchmarkBase}.)
 */
final class Readers {
    private static final int MAP_COPY = 64 * 1024;

    private Readers() {
    }

    static void read(String variant, ReadDataset data, Log log) throws IOException {
        long expected = variant.startsWith("nio") ? data.bytes : log.endOffset() * ReadDataset.RECORD;
        long got = switch (variant) {
            case "nio-read-64k" -> nioRead(data, 64 * 1024);
            case "nio-read-1m" -> nioRead(data, 1 << 20);
            case "nio-map" -> nioMap(data);
            default -> sluiceRead(log, readerConfig(variant));
        };
        if (got != expected) {
            throw new IllegalStateException(variant + " consumed " + got + " bytes, expected " + expected);
        }
    }

    static ReaderConfig readerConfig(String variant) {
        return switch (variant) {
            case "sluice-kernel" -> new ReaderConfig(ReadAhead.kernelDefault(), CacheHint.KEEP);
            case "sluice-sequential" -> new ReaderConfig(ReadAhead.sequential(), CacheHint.KEEP);
            case "sluice-random" -> new ReaderConfig(ReadAhead.random(), CacheHint.KEEP);
            case "sluice-explicit-32m" -> new ReaderConfig(ReadAhead.explicit(DataSize.mib(32)), CacheHint.KEEP);
            case "sluice-mmap" -> new ReaderConfig(ReadAhead.mmapPopulate(), CacheHint.KEEP);
            case "sluice-dropbehind" -> new ReaderConfig(ReadAhead.explicit(DataSize.mib(32)), CacheHint.DROP_BEHIND);
            case "sluice-uncached" -> new ReaderConfig(ReadAhead.explicit(DataSize.mib(32)), CacheHint.UNCACHED);
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
    }

    /** FileChannel.read into a direct buffer, the whole file in order. */
    static long nioRead(ReadDataset data, int bufferSize) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bufferSize);
        long total = 0;
        try (FileChannel ch = FileChannel.open(data.segment, StandardOpenOption.READ)) {
            int n;
            while ((n = ch.read(buffer.clear())) > 0) {
                total += n;
            }
        }
        return total;
    }

    /** FileChannel.map of the whole file (unmapped by its arena), copied out 64 KiB at a time. */
    static long nioMap(ReadDataset data) throws IOException {
        byte[] chunk = new byte[MAP_COPY];
        long total = 0;
        try (FileChannel ch = FileChannel.open(data.segment, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            for (long at = 0; at < map.byteSize(); at += MAP_COPY) {
                int n = (int) Math.min(MAP_COPY, map.byteSize() - at);
                MemorySegment.copy(map, ValueLayout.JAVA_BYTE, at, chunk, 0, n);
                total += n;
            }
        }
        return total;
    }

    /**
     * Every record through a log reader's zero-copy {@code read} (each batch CRC-checked, payloads
     * seen in place); returns the payload bytes.
     */
    static long sluiceRead(Log log, ReaderConfig config) throws IOException {
        long[] payload = {0};
        try (LogReader reader = log.reader(0, config)) {
            while (reader.read(64, (offset, timestamp, bytes) -> payload[0] += bytes.byteSize()) > 0) {
                // the visitor counts
            }
        }
        return payload[0];
    }
}
