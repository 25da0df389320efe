package dev.sluice.cli;

import dev.sluice.log.Log;
import dev.sluice.log.LogReader;
import dev.sluice.log.LogTransfer;
import dev.sluice.log.ReaderConfig;
import dev.sluice.sys.ChannelFds;
import dev.sluice.sys.Fd;
import dev.sluice.transfer.TransferPath;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * {@code sluice log serve}: on 127.0.0.1, writes the stored batch bytes from an offset to each
 * connection by zero copy, then closes it (or, with --follow, keeps sending new batches).
 */
final class LogServeCommand {
    static final String DESCRIPTION = "Serve the log's stored batches on 127.0.0.1:PORT, by zero copy.";
    private static final long CHUNK_BYTES = 1 << 20;
    private static final long FOLLOW_POLL_MILLIS = 5;

    private static final OptionSpec<Integer> PORT = OptionSpec.value("--port", "P", Converter::toInt,
            "TCP port on 127.0.0.1 (0: any free port).").required();
    private static final OptionSpec<Long> FROM = LogCommand.from("First offset (default: the log's start); sending "
            + "whole batches, a connection starts at the batch holding it.");
    private static final OptionSpec<TransferPath> PATH = OptionSpec.value("--path", "sendfile|splice|copy",
            LogServeCommand::transferPath, "How bytes go to the socket (default: sendfile).")
            .defaultValue(TransferPath.SENDFILE);
    private static final OptionSpec<Boolean> FOLLOW = OptionSpec.flag("--follow",
            "Keep each connection open and send new batches as they are appended.");

    private final Invocation call;
    private final LogCommand.ExistingLog target;
    private final int port;
    private final Long from;
    private final TransferPath path;
    private final boolean follow;

    private LogServeCommand(Invocation call) {
        this.call = call;
        target = new LogCommand.ExistingLog(call);
        port = call.get(PORT);
        from = call.get(FROM);
        path = call.get(PATH);
        follow = call.get(FOLLOW);
    }

    static void define(CommandSpec command) {
        LogCommand.ExistingLog.define(command).option(PORT).option(FROM).option(PATH).option(FOLLOW)
                .action(c -> new LogServeCommand(c).run());
    }

    private int run() throws IOException {
        if (port < 0 || port > 65535) {
            throw new UsageError("--port must be in 0..65535, was " + port);
        }
        target.checkFrom(from);
        PrintWriter out = call.out();
        try (Log log = target.openReadOnly(); ServerSocketChannel server = bind()) {
            long first = from == null ? log.startOffset() : from;
            if (first < log.startOffset() || first > log.endOffset()) {
                throw new IllegalArgumentException("--from " + first + " is outside the log [" + log.startOffset() + ", "
                        + log.endOffset() + "]");
            }
            // From the log's start, a batch starts there: no reader is opened to say so, which a follower
            // overtaken by the writer's retention would find gone.
            out.println("serving " + target.dir + " on " + ((InetSocketAddress) server.getLocalAddress()).getHostString()
                    + ":" + ((InetSocketAddress) server.getLocalAddress()).getPort() + " from offset " + first
                    + (from == null ? "" : startingBatch(log, first)) + " by " + path.name().toLowerCase());
            out.flush();
            while (true) {
                SocketChannel connection = server.accept();
                Thread.ofVirtual().start(() -> serve(log, connection, first, out));
            }
        }
    }

    private ServerSocketChannel bind() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            return server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            server.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + " (another program has it; --port 0 takes any free port)", e);
        }
    }

    /** Whole batches are sent: if {@code first} is inside one, the connection starts at that batch's start. */
    static String startingBatch(Log log, long first) throws IOException {
        try (LogReader reader = log.reader(first, ReaderConfig.defaults())) {
            return reader.batchOffset() == first ? ""
                    : " (whole batches are sent: the batch holding it starts at offset " + reader.batchOffset() + ")";
        }
    }

    private void serve(Log log, SocketChannel connection, long first, PrintWriter out) {
        String peer = "?";
        try (connection; LogReader reader = log.reader(first, ReaderConfig.defaults().withTransferPath(path))) {
            peer = connection.getRemoteAddress().toString();
            Fd socket = ChannelFds.of(connection);
            while (true) {
                LogTransfer sent = reader.transferTo(socket, reader.nextOffset(), CHUNK_BYTES);
                if (sent.bytes() > 0) {
                    continue;
                }
                if (!follow) {
                    break;
                }
                if (!log.refresh()) {
                    Thread.sleep(FOLLOW_POLL_MILLIS);
                }
            }
            synchronized (out) {
                out.printf("served %s: %d bytes by sendfile, %d by splice, %d by copy, up to offset %d%n", peer,
                        reader.bytesSent(TransferPath.SENDFILE), reader.bytesSent(TransferPath.SPLICE),
                        reader.bytesSent(TransferPath.COPY), reader.nextOffset());
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            call.err().println("sluice: log serve: " + peer + ": " + OneLine.of(e));
            call.err().flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static TransferPath transferPath(String value) {
        return switch (value) {
            case "sendfile" -> TransferPath.SENDFILE;
            case "splice" -> TransferPath.SPLICE;
            case "copy" -> TransferPath.COPY;
            default -> throw new IllegalArgumentException("not a transfer path: '" + value + "' (sendfile, splice, copy)");
        };
    }
}
