package dev.sluice.bench;

import dev.sluice.sys.ChannelFds;
import dev.sluice.sys.Fd;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.Pipe;
import dev.sluice.sys.SpliceFlag;
import dev.sluice.sys.ZeroCopy;
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
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code receive-socket}: {@code size} bytes arriving on a 127.0.0.1 socket (a sender
 * thread writing a 1 MiB direct buffer over and over) written into a new file, timed until every
 * byte is in the file (in the page cache: no sync, the same for all).
 * <ul>
 * <li>{@code nio-transferfrom}: FileChannel.transferFrom(socket);</li>
 * <li>{@code nio-copy}: SocketChannel.read into a 1 MiB direct buffer, FileChannel.write;</li>
 * <li>{@code sluice-splice}: splice socket to a 1 MiB pipe, and pipe to the file, no user-space copy.</li>
 * </ul>
 * Figures: {@code receiverCpuSecPerGiB}, {@code senderBusyPct} (near 100: the sender was the limit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO})
public class ReceiveSocketBenchmark {
    private static final int CHUNK = 1 << 20;
    private static final Set<SpliceFlag> MOVE = EnumSet.of(SpliceFlag.MOVE);

    @Param({"nio-transferfrom", "nio-copy", "sluice-splice"})
    public String variant;
    @Param({"1g"})
    public String size;

    private long total;
    private Path dir;
    private Path file;
    private Loopback loopback;

    @Setup(Level.Iteration)
    public void connect() throws IOException {
        total = BenchData.bytes(size);
        dir = BenchData.freshDirectory("receive-socket-");
        file = dir.resolve("received");
        loopback = new Loopback();
        ByteBuffer payload = BenchData.randomRecord(CHUNK, 13);
        loopback.startPeer("sender", () -> {
            for (long sent = 0; sent < total; ) {
                payload.clear().limit((int) Math.min(CHUNK, total - sent));
                while (payload.hasRemaining()) {
                    sent += loopback.far.write(payload);
                }
            }
            return null;
        });
    }

    @Benchmark
    public void run() throws IOException, InterruptedException {
        loopback.measure(total, "receiverCpuSecPerGiB", "senderBusyPct", () -> {
            switch (variant) {
                case "nio-transferfrom" -> transferFrom();
                case "nio-copy" -> copyLoop();
                case "sluice-splice" -> splice();
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            }
        });
        if (Files.size(file) != total) {
            throw new IllegalStateException("received " + Files.size(file) + " of " + total + " bytes");
        }
    }

    private void transferFrom() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long at = 0; at < total; ) {
                long n = ch.transferFrom(loopback.near, at, total - at);
                if (n == 0) {
                    throw new IOException("transferFrom stopped at " + at + " of " + total);
                }
                at += n;
            }
        }
    }

    private void copyLoop() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long at = 0; at < total; ) {
                buffer.clear().limit((int) Math.min(CHUNK, total - at));
                int n = loopback.near.read(buffer);
                if (n < 0) {
                    throw new IOException("the sender closed at " + at + " of " + total);
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    at += ch.write(buffer);
                }
            }
        }
    }

    private void splice() throws IOException {
        Fd socket = ChannelFds.of(loopback.near);
        try (NativeFile out = NativeFile.open(file, EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE_NEW));
             Pipe pipe = Pipe.open(false)) {
            pipe.resize(CHUNK);
            for (long at = 0; at < total; ) {
                long in = ZeroCopy.splice(socket, ZeroCopy.CURRENT_POSITION, pipe.writeEnd(), ZeroCopy.CURRENT_POSITION,
                        Math.min(CHUNK, total - at), MOVE);
                if (in == 0) {
                    throw new IOException("the sender closed at " + at + " of " + total);
                }
                for (long moved = 0; moved < in; ) {
                    long n = ZeroCopy.splice(pipe.readEnd(), ZeroCopy.CURRENT_POSITION, out.fd(), at, in - moved, MOVE);
                    moved += n;
                    at += n;
                }
            }
        }
    }

    @TearDown(Level.Iteration)
    public void disconnect() throws IOException {
        try {
            loopback.close();
        } finally {
            BenchData.deleteTree(dir);
        }
    }
}
