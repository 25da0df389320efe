package dev.sluice.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A connected pair of blocking TCP sockets on 127.0.0.1, and a peer thread on the far end whose CPU
 * time is measured, so a benchmark can say whether the peer, not the side under test, was the limit.
 */
final class Loopback implements AutoCloseable {
    private static final Path THREAD_SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
    private static final long PEER_TIMEOUT_SECONDS = 120;

    final SocketChannel near;
    final SocketChannel far;
    private Thread peer;
    private volatile Exception peerFailure;
    private volatile long peerCpuNanos;

    Loopback() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            near = SocketChannel.open(server.getLocalAddress());
            far = server.accept();
        }
        near.setOption(StandardSocketOptions.TCP_NODELAY, true);
        far.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    /** Starts {@code work} on the far end's own thread. */
    void startPeer(String name, Callable<?> work) {
        peer = Thread.ofPlatform().name(name).start(() -> {
            try {
                long cpu = currentThreadCpuNanos();
                work.call();
                peerCpuNanos = currentThreadCpuNanos() - cpu;
            } catch (Exception e) {
                peerFailure = e;
            }
        });
    }

    /** Waits for the peer to finish; rethrows what it failed with. */
    void awaitPeer() throws IOException, InterruptedException {
        peer.join(TimeUnit.SECONDS.toMillis(PEER_TIMEOUT_SECONDS));
        if (peer.isAlive()) {
            throw new IOException("the loopback peer did not finish within " + PEER_TIMEOUT_SECONDS + " s");
        }
        if (peerFailure != null) {
            throw new IOException("the loopback peer failed: " + peerFailure, peerFailure);
        }
    }

    /** Work on this side of the connection. */
    interface Side {
        void run() throws IOException;
    }

    /**
     * Runs {@code side} here and waits for the peer, then records this thread's CPU seconds per GiB
     * moved as {@code cpuFigure} and the peer's CPU time over the wall time, in percent, as
     * {@code peerBusyFigure} (near 100: the peer was the limit).
     */
    void measure(long bytes, String cpuFigure, String peerBusyFigure, Side side) throws IOException, InterruptedException {
        long wall = System.nanoTime();
        long cpu = currentThreadCpuNanos();
        side.run();
        cpu = currentThreadCpuNanos() - cpu;
        awaitPeer();
        wall = System.nanoTime() - wall;
        Metrics.record(cpuFigure, cpu / 1e9 / (bytes / (double) (1L << 30)), "s/GiB");
        Metrics.record(peerBusyFigure, 100.0 * peerCpuNanos / wall, "%");
    }

    /** The calling thread's CPU time in nanoseconds, from the scheduler's own count (Linux). */
    static long currentThreadCpuNanos() throws IOException {
        String stat = Files.readString(THREAD_SCHEDSTAT);
        return Long.parseLong(stat.substring(0, stat.indexOf(' ')));
    }

    @Override
    public void close() throws IOException {
        try (near; far) {
            if (peer != null && peer.isAlive()) {
                peer.interrupt();
            }
        }
    }
}
