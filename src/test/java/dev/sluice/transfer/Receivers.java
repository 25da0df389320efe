package dev.sluice.transfer;

import dev.sluice.sys.ChannelFds;
import dev.sluice.sys.Kernel;
import dev.sluice.sys.Fd;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import dev.sluice.sys.Pipe;
import dev.sluice.sys.ZeroCopy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** Targets for transfers, each with a way to get back every byte it received, and test data. */
final class Receivers {
    private Receivers() {
    }

    /** A descriptor to transfer to, and what came out of it at the other end. */
    interface Receiver extends AutoCloseable {
        Fd fd();

        /** Ends the stream (the sender is done) and returns every byte the far end got. */
        byte[] finish() throws Exception;

        @Override
        void close() throws IOException;
    }

    /** What kind of descriptor the target is. */
    enum Kind {
        SOCKET, FILE, PIPE;

        Receiver open(Path dir) throws IOException {
            return switch (this) {
                case SOCKET -> new SocketReceiver();
                case FILE -> new FileReceiver(dir.resolve("received-" + System.nanoTime()));
                case PIPE -> new PipeReceiver(dir.resolve("drained-" + System.nanoTime()));
            };
        }
    }

    /**
     * A loopback TCP connection: the target is the accepted (blocking) socket on 127.0.0.1, and a
     * reader thread reads the client side to end of stream.
     */
    static final class SocketReceiver implements Receiver {
        private final ServerSocketChannel server;
        private final SocketChannel client;
        private final SocketChannel accepted;
        private final FutureTask<byte[]> reader;
        private boolean readerStarted;

        SocketReceiver() throws IOException {
            this(true);
        }

        /** @param startReading false leaves the client unread until {@link #finish()} */
        SocketReceiver(boolean startReading) throws IOException {
            server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client = SocketChannel.open(server.getLocalAddress());
            accepted = server.accept();
            reader = new FutureTask<>(() -> readAll(client));
            if (startReading) {
                startReader();
            }
        }

        SocketChannel accepted() {
            return accepted;
        }

        SocketChannel client() {
            return client;
        }

        private void startReader() {
            readerStarted = true;
            Thread.ofPlatform().daemon().name("socket-receiver").start(reader);
        }

        @Override
        public Fd fd() {
            return ChannelFds.of(accepted);
        }

        @Override
        public byte[] finish() throws Exception {
            accepted.shutdownOutput();
            if (!readerStarted) {
                startReader();
            }
            return reader.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            try (server; client; accepted) {
                reader.cancel(true);
            }
        }

        private static byte[] readAll(SocketChannel channel) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(256 << 10);
            while (channel.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toByteArray();
        }
    }

    /** A regular file opened write-only: the transfer writes at (and advances) its file position. */
    static final class FileReceiver implements Receiver {
        private final Path path;
        private final NativeFile file;

        FileReceiver(Path path) throws IOException {
            this(path, EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE));
        }

        FileReceiver(Path path, Set<OpenFlag> flags) throws IOException {
            this(Kernel.system(), path, flags);
        }

        /** A receiver whose writes go through {@code kernel}: the copy path writes to the target. */
        FileReceiver(Kernel kernel, Path path) throws IOException {
            this(kernel, path, EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE));
        }

        private FileReceiver(Kernel kernel, Path path, Set<OpenFlag> flags) throws IOException {
            this.path = path;
            this.file = NativeFile.open(kernel, path, flags, NativeFile.DEFAULT_PERMISSIONS);
        }

        @Override
        public Fd fd() {
            return file.fd();
        }

        @Override
        public byte[] finish() throws IOException {
            return Files.readAllBytes(path);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** A pipe: the target is its write end; a thread splices its read end into a file until end of stream. */
    static final class PipeReceiver implements Receiver {
        private final Pipe pipe;
        private final Path drained;
        private final Thread drainer;
        private volatile Throwable failure;

        PipeReceiver(Path drained) throws IOException {
            this.pipe = Pipe.open(false);
            this.drained = drained;
            NativeFile out = NativeFile.open(drained, EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE));
            this.drainer = Thread.ofPlatform().daemon().name("pipe-receiver").start(() -> {
                try (out) {
                    long at = 0;
                    long n;
                    while ((n = ZeroCopy.splice(pipe.readEnd(), ZeroCopy.CURRENT_POSITION, out.fd(), at, 1 << 20,
                            Set.of())) > 0) {
                        at += n;
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            });
        }

        @Override
        public Fd fd() {
            return pipe.writeEnd();
        }

        @Override
        public byte[] finish() throws Exception {
            pipe.writeEnd().close();
            drainer.join(30_000);
            if (drainer.isAlive()) {
                throw new AssertionError("the pipe's reader did not see end of stream within 30 s");
            }
            if (failure != null) {
                throw new AssertionError("draining the pipe failed", failure);
            }
            return Files.readAllBytes(drained);
        }

        @Override
        public void close() throws IOException {
            pipe.close();
        }
    }

    static NativeFile openRead(Path file) throws IOException {
        return openRead(Kernel.system(), file);
    }

    /** Opens {@code file} to read, its calls (and a transfer's from it) going through {@code kernel}. */
    static NativeFile openRead(Kernel kernel, Path file) throws IOException {
        return NativeFile.open(kernel, file, EnumSet.of(OpenFlag.READ), NativeFile.DEFAULT_PERMISSIONS);
    }

    static byte[] range(byte[] data, long position, long count) {
        return Arrays.copyOfRange(data, (int) position, (int) (position + count));
    }
}
