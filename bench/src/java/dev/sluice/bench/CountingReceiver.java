package dev.sluice.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The far end for a sender that makes its own connection (the {@link LimitProgram}): a server
 * socket on 127.0.0.1 that accepts one connection and counts the bytes that arrive, dropping them,
 * until end of stream. It reads into a 1 MiB direct buffer, as the Java variants' receivers do.
 */
final class CountingReceiver implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 20;

    private final ServerSocketChannel server;

    /** Listens on an ephemeral port of 127.0.0.1. */
    CountingReceiver() throws IOException {
        server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    /** {@return the port the sender connects to} */
    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /**
     * On this thread: accepts one connection, reads it to end of stream and returns how many bytes
     * came. {@link #close()} from another thread ends a wait for the connection with an
     * {@link IOException}.
     */
    long receive() throws IOException {
        try (SocketChannel far = server.accept()) {
            ByteBuffer sink = ByteBuffer.allocateDirect(BUFFER_BYTES);
            long got = 0;
            for (int n; (n = far.read(sink.clear())) >= 0; ) {
                got += n;
            }
            return got;
        }
    }

    /** {@link #receive()} on a daemon thread of its own, for a sender run on this one. */
    Future<Long> receiveInBackground() {
        FutureTask<Long> received = new FutureTask<>(this::receive);
        Thread.ofPlatform().daemon().name("counting-receiver").start(received);
        return received;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
