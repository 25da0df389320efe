package dev.sluice.bench;

import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
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
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * What the work a framed log does for each record costs O_DIRECT writes: {@code size} bytes written to
 * a new file in synchronous O_DIRECT pwrites of {@code recordSize} plus 48 bytes of framing, rounded up
 * to 4 KiB (what {@code limit-direct} writes), then one fdatasync, with before each write:
 * <ul>
 * <li>{@code none}: nothing, the buffer is written unchanged (the C limit's loop);</li>
 * <li>{@code copy}: the record copied from the caller's memory into the aligned buffer after its framing;</li>
 * <li>{@code crc}: the CRC32C of the record computed where it lies in the buffer;</li>
 * <li>{@code copy-crc}: both, what {@code sluice-direct} does for each append;</li>
 * <li>{@code spin}: a busy wait of {@code spinMicros}, touching no memory.</li>
 * </ul>
 * Not in the suite: it measures the machine, not sluice. On the VM the README's figures come from, a
 * 1 MiB record's copy and CRC between two O_DIRECT writes slow them by more than their own CPU time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO})
public class DirectWriteWorkBenchmark {
    private static final int FRAME_BYTES = Limits.FRAME_BYTES;
    private static final long BLOCK = 4096;

    @Param({"none", "copy", "crc", "copy-crc", "spin"})
    public String work;
    @Param({"1m", "64k"})
    public String recordSize;
    @Param({"64m"})
    public String size;
    @Param({"100"})
    public long spinMicros;

    private Arena arena;
    private MemorySegment record;
    private MemorySegment buffer;
    /** The record's place in the buffer, after its framing, and the same bytes as a ByteBuffer for CRC32C. */
    private MemorySegment payload;
    private ByteBuffer payloadBytes;
    private boolean copy;
    private boolean crc;
    private boolean spin;
    private int recordBytes;
    private long writes;
    private Path file;
    private NativeFile out;

    @Setup(Level.Trial)
    public void allocate() {
        switch (work) {
            case "none" -> {
            }
            case "copy" -> copy = true;
            case "crc" -> crc = true;
            case "copy-crc" -> copy = crc = true;
            case "spin" -> spin = true;
            default -> throw new IllegalArgumentException("unknown work " + work + ": none, copy, crc, copy-crc or spin");
        }
        recordBytes = (int) BenchData.bytes(recordSize);
        writes = BenchData.bytes(size) / recordBytes;
        arena = Arena.ofShared();
        record = arena.allocate(recordBytes);
        byte[] random = new byte[recordBytes];
        new Random(42).nextBytes(random);
        MemorySegment.copy(MemorySegment.ofArray(random), 0, record, 0, recordBytes);
        long framed = (recordBytes + FRAME_BYTES + BLOCK - 1) / BLOCK * BLOCK;
        buffer = arena.allocate(framed, BLOCK);
        payload = buffer.asSlice(FRAME_BYTES, recordBytes);
        payloadBytes = payload.asByteBuffer();
    }

    @Setup(Level.Iteration)
    public void create() throws IOException {
        file = Files.createTempFile(BenchFiles.directory(), "direct-work-", ".bin");
        out = NativeFile.open(file, EnumSet.of(OpenFlag.WRITE, OpenFlag.DIRECT));
    }

    @Benchmark
    public void run(Blackhole hole) throws IOException {
        long position = 0;
        for (long i = 0; i < writes; i++) {
            if (copy) {
                MemorySegment.copy(record, 0, payload, 0, recordBytes);
            }
            if (crc) {
                hole.consume(crc());
            }
            if (spin) {
                spin();
            }
            out.write(buffer, position);
            position += buffer.byteSize();
        }
        out.syncData();
    }

    private long crc() {
        CRC32C crc = new CRC32C();
        crc.update(payloadBytes.clear());
        return crc.getValue();
    }

    private void spin() {
        long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(spinMicros);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Iteration)
    public void delete() throws IOException {
        try (NativeFile closing = out) {
            out = null;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }
}
