package dev.sluice.bench;

import dev.sluice.cache.PageCache;
import dev.sluice.cache.Progress;
import dev.sluice.sys.ChannelFds;
import dev.sluice.sys.Fd;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.transfer.FileTransfer;
import dev.sluice.transfer.TransferPath;
import dev.sluice.transfer.TransferResult;
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
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code transfer-socket}: the cached {@link ReadDataset} segment sent whole to a
 * 127.0.0.1 socket, timed until the receiver (a thread reading into a 1 MiB direct buffer and
 * dropping it) has every byte.
 * <ul>
 * <li>{@code nio-transferto}: FileChannel.transferTo (which uses sendfile itself);</li>
 * <li>{@code nio-copy}: FileChannel.read into a 256 KiB direct buffer, SocketChannel.write;</li>
 * <li>{@code sluice-sendfile}, {@code sluice-splice}: {@link FileTransfer} by that path;</li>
 * <li>{@code limit-sendfile}, {@code limit-splice}: the {@link LimitProgram} connects and sends the
 *     file by that path (see {@link Limits}); the receiver is this benchmark's thread, reading the
 *     same way; sender CPU is the program's own user and system time.</li>
 * </ul>
 * Figures: {@code senderCpuSecPerGiB} (CPU time of the sending thread), {@code receiverBusyPct}
 * (the receiver thread's CPU time over the wall time: near 100 means it was the limit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO})
public class TransferSocketBenchmark {
    private static final int COPY_BUFFER = 256 * 1024;

    @Param({"nio-transferto", "nio-copy", "sluice-sendfile", "sluice-splice"})
    public String variant;
    @Param({"1g"})
    public String size;

    private ReadDataset data;
    private Loopback loopback;
    private CountingReceiver limitReceiver;
    private LimitProgram.Ready limit;
    private volatile Map<String, String> limitFigures;
    private volatile IOException limitFailure;

    @Setup(Level.Trial)
    public void dataset() throws IOException {
        data = ReadDataset.ensure(size);
    }

    @Setup(Level.Iteration)
    public void connect() throws IOException {
        if (PageCache.warm(data.segment, 0, 0, Progress.NONE).percentCached() < 99.0) {
            throw new IllegalStateException("the dataset did not stay cached");
        }
        if (Limits.isLimit(variant)) {
            limitReceiver = new CountingReceiver();
            limit = LimitProgram.ready(Limits.send(variant, data.segment, limitReceiver.port()));
            return;
        }
        loopback = new Loopback();
        loopback.startPeer("receiver", () -> {
            ByteBuffer sink = ByteBuffer.allocateDirect(1 << 20);
            long got = 0;
            while (got < data.bytes) {
                int n = loopback.far.read(sink.clear());
                if (n < 0) {
                    throw new IOException("the sender closed after " + got + " of " + data.bytes + " bytes");
                }
                got += n;
            }
            return null;
        });
    }

    @Benchmark
    public void run() throws IOException, InterruptedException {
        if (Limits.isLimit(variant)) {
            sendByLimit();
            return;
        }
        loopback.measure(data.bytes, "senderCpuSecPerGiB", "receiverBusyPct", () -> {
            switch (variant) {
                case "nio-transferto" -> transferTo();
                case "nio-copy" -> copyLoop();
                case "sluice-sendfile" -> sluice(TransferPath.SENDFILE);
                case "sluice-splice" -> sluice(TransferPath.SPLICE);
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            }
        });
    }

    private void transferTo() throws IOException {
        try (FileChannel ch = FileChannel.open(data.segment, StandardOpenOption.READ)) {
            for (long at = 0; at < data.bytes; ) {
                at += ch.transferTo(at, data.bytes - at, loopback.near);
            }
        }
    }

    private void copyLoop() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(COPY_BUFFER);
        try (FileChannel ch = FileChannel.open(data.segment, StandardOpenOption.READ)) {
            while (ch.read(buffer.clear()) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    loopback.near.write(buffer);
                }
            }
        }
    }

    private void sluice(TransferPath path) throws IOException {
        Fd socket = ChannelFds.of(loopback.near);
        try (NativeFile file = NativeFile.open(data.segment, EnumSet.of(OpenFlag.READ));
             FileTransfer transfer = FileTransfer.using(path)) {
            TransferResult sent = transfer.transfer(file, 0, data.bytes, socket);
            if (sent.path() != path) {
                throw new IllegalStateException(path + " fell back to " + sent.path());
            }
        }
    }

    /** The limit program sends; this thread receives as the Java variants' receiver does, and is timed the same way. */
    private void sendByLimit() throws IOException {
        long wall = System.nanoTime();
        long cpu = Loopback.currentThreadCpuNanos();
        long got = 0;
        try {
            Thread go = Thread.ofPlatform().name("limit-go").start(() -> {
                try {
                    limitFigures = limit.go();
                } catch (IOException e) {
                    limitFailure = e;
                    try {
                        limitReceiver.close(); // an accept still waiting for it gives up
                    } catch (IOException ignored) {
                        // the failure above is what counts
                    }
                }
            });
            try {
                got = limitReceiver.receive();
            } catch (IOException e) {
                go.join();
                throw limitFailure != null ? limitFailure : e;
            }
            go.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            cpu = Loopback.currentThreadCpuNanos() - cpu;
        }
        wall = System.nanoTime() - wall;
        if (limitFailure != null) {
            throw limitFailure;
        }
        if (got != data.bytes) {
            throw new IOException(variant + ": received " + got + " of " + data.bytes + " bytes");
        }
        Metrics.record("senderCpuSecPerGiB", LimitProgram.figure(limitFigures, "cpuSeconds")
                / (data.bytes / (double) (1L << 30)), "s/GiB");
        Metrics.record("receiverBusyPct", 100.0 * cpu / wall, "%");
    }

    @TearDown(Level.Iteration)
    public void disconnect() throws IOException {
        if (loopback != null) {
            loopback.close();
            loopback = null;
        }
        if (limit != null) {
            limit.close();
            limit = null;
        }
        if (limitReceiver != null) {
            limitReceiver.close();
            limitReceiver = null;
        }
        limitFigures = null;
        limitFailure = null;
    }
}
