package dev.sluice.transfer;

import dev.sluice.sys.ChannelFds;
import dev.sluice.sys.Fd;
import dev.sluice.sys.NativeFile;
import dev.sluice.testing.TestData;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link TransferTraceTest} in a child JVM under strace: writes {@code args[0]/DATA}, then
 * transfers one range of it by SENDFILE and another by SPLICE to one loopback socket, checks that the
 * peer received both ranges in order, and prints what the test needs to find the calls. Exits
 * non-zero on any failure.
 */
public final class TransferTraceMain {
    static final String DATA = "trace-source.bin";
    static final int FILE_SIZE = 4 << 20;
    static final long SENDFILE_POSITION = 12345;
    static final long SENDFILE_COUNT = 1_234_567;
    static final long SPLICE_POSITION = 23456;
    static final long SPLICE_COUNT = 2_345_678;
    static final String MARK = "sluice-transfer-trace: ";

    private TransferTraceMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).resolve(DATA);
        byte[] data = TestData.randomBytes(FILE_SIZE, 99);
        Files.write(file, data);
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept();
             NativeFile in = Receivers.openRead(file)) {
            FutureTask<byte[]> reader = new FutureTask<>(() -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(256 << 10);
                while (client.read(buf) >= 0) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                return out.toByteArray();
            });
            Thread.ofPlatform().daemon().start(reader);

            Fd target = ChannelFds.of(accepted);
            InetSocketAddress local = (InetSocketAddress) accepted.getLocalAddress();
            InetSocketAddress remote = (InetSocketAddress) accepted.getRemoteAddress();
            System.out.println(MARK + "target=" + target.toString().replaceAll("\\D+", " ").trim()
                    + " local=" + local.getPort() + " remote=" + remote.getPort());
            try (FileTransfer sendfile = FileTransfer.using(TransferPath.SENDFILE);
                 FileTransfer splice = FileTransfer.using(TransferPath.SPLICE)) {
                System.out.println(MARK + sendfile.transfer(in, SENDFILE_POSITION, SENDFILE_COUNT, target));
                System.out.println(MARK + splice.transfer(in, SPLICE_POSITION, SPLICE_COUNT, target));
            }
            accepted.shutdownOutput();
            byte[] received = reader.get(60, TimeUnit.SECONDS);
            byte[] expected = new byte[(int) (SENDFILE_COUNT + SPLICE_COUNT)];
            System.arraycopy(data, (int) SENDFILE_POSITION, expected, 0, (int) SENDFILE_COUNT);
            System.arraycopy(data, (int) SPLICE_POSITION, expected, (int) SENDFILE_COUNT, (int) SPLICE_COUNT);
            if (!Arrays.equals(received, expected)) {
                System.out.println(MARK + "the peer received " + received.length + " bytes, not the "
                        + expected.length + " expected");
                System.exit(1);
            }
            System.out.println(MARK + "received " + received.length);
        }
    }
}
