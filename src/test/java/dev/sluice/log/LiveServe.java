package dev.sluice.log;

import dev.sluice.testing.ChildJvm;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code sluice log serve --follow} follower of the live-contract test: the real command in a
 * child JVM (read-only log, refresh, LogReader.transferTo by sendfile) and a client on 127.0.0.1 that
 * decodes the batches it receives and checks each record with a {@link LiveCursor}. When retention
 * overtakes the server's reader, the server says so on stderr and closes the connection; the client
 * then checks that line and starts a server from the log's new start.
 */
final class LiveServe {
    private static final Pattern LISTENING = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+) from offset (\\d+) ");

    private final Path log;
    private final Path work;
    private final int maxBatchBytes;
    private final LiveCursor cursor;
    private int connections;
    private final java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);

    LiveServe(Path log, Path work, int maxBatchBytes, LiveCursor cursor) {
        this.log = log;
        this.work = work;
        this.maxBatchBytes = maxBatchBytes;
        this.cursor = cursor;
    }

    int connections() {
        return connections;
    }

    /** Waits until the first connection is up, so that it follows the whole run. */
    boolean awaitConnected(long timeout, TimeUnit unit) throws InterruptedException {
        return connected.await(timeout, unit);
    }

    /**
     * Follows until the cursor reaches {@code end} (which returns -1 until the appends are over) or the
     * deadline passes.
     */
    void follow(LongSupplier end, long deadlineNanos) throws Exception {
        boolean first = true;
        while (true) {
            Path err = work.resolve("serve-" + connections + ".err");
            Process serve = start(err);
            try {
                String line = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                Matcher m = line == null ? null : LISTENING.matcher(line);
                if (m == null || !m.find()) {
                    // a read-only open keeps up with the writer (LogRaceTest's open races): it must start
                    String said = Files.readString(err);
                    throw new AssertionError("serve did not start: " + line + "\n" + said);
                }
                long from = Long.parseLong(m.group(2));
                if (first) {
                    cursor.start(from);
                    first = false;
                } else {
                    cursor.overtaken(from, "a new serve from the log's start");
                }
                connections++;
                if (receive(Integer.parseInt(m.group(1)), end, deadlineNanos)) {
                    return;
                }
                // the server closed the connection: only retention overtaking it may do that, and it says so
                String said = waitForError(err);
                if (!said.contains("retention")) {
                    throw new AssertionError("serve closed the connection at offset " + cursor.expected()
                            + " without a retention error; its stderr: " + said);
                }
            } finally {
                serve.descendants().forEach(ProcessHandle::destroyForcibly);
                serve.destroyForcibly();
                serve.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Process start(Path err) throws IOException {
        List<String> command = new ArrayList<>(ChildJvm.command(dev.sluice.cli.Main.class, "log", "serve", "--dir",
                log.toString(), "--port", "0", "--follow", "--max-batch", Integer.toString(maxBatchBytes)));
        return new ProcessBuilder(command).redirectError(err.toFile()).start();
    }

    /** true once the cursor reached the end; false if the server closed the connection first. */
    private boolean receive(int port, LongSupplier end, long deadlineNanos) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            connected.countDown();
            socket.setSoTimeout(200);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] batch = new byte[maxBatchBytes];
            while (true) {
                long e = end.getAsLong();
                if (e >= 0 && cursor.expected() >= e) {
                    return true;
                }
                if (System.nanoTime() > deadlineNanos) {
                    throw new AssertionError("serve connection: at offset " + cursor.expected() + " when time ran out"
                            + (e >= 0 ? " (the log ends at " + e + ")" : ""));
                }
                int got = readLength(in, batch, deadlineNanos);
                if (got == IDLE) {
                    continue; // nothing new yet
                }
                if (got == CLOSED) {
                    return false;
                }
                int length = java.nio.ByteBuffer.wrap(batch).getInt(0);
                if (length < Batch.HEADER_BYTES - 4 || length + 4 > maxBatchBytes) {
                    throw new AssertionError("serve connection: a batch length of " + length + " at offset "
                            + cursor.expected());
                }
                readFully(in, batch, 4, length, deadlineNanos);
                MemorySegment bytes = MemorySegment.ofArray(batch).asSlice(0, 4L + length);
                String problem = Batch.bodyProblem(bytes);
                if (problem != null) {
                    throw new AssertionError("serve connection: a bad batch at offset " + cursor.expected() + ": " + problem);
                }
                Batch.visit(bytes, Long.MIN_VALUE, Integer.MAX_VALUE,
                        (offset, timestamp, payload) -> cursor.record(offset, LiveOracle.digest(payload)));
            }
        }
    }

    private static final int IDLE = -2;
    private static final int CLOSED = -1;

    /** The 4-byte length that starts a batch, into {@code into[0..4)}: 4, or IDLE before its first byte, or CLOSED. */
    private static int readLength(DataInputStream in, byte[] into, long deadlineNanos) throws IOException {
        int done = 0;
        while (done < 4) {
            try {
                int n = in.read(into, done, 4 - done);
                if (n < 0) {
                    if (done == 0) {
                        return CLOSED;
                    }
                    throw new EOFException("serve connection closed inside a batch's length");
                }
                done += n;
            } catch (java.net.SocketTimeoutException timeout) {
                if (done == 0) {
                    return IDLE;
                }
                if (System.nanoTime() > deadlineNanos) {
                    throw timeout;
                }
            }
        }
        return 4;
    }

    private static void readFully(DataInputStream in, byte[] into, int at, int length, long deadlineNanos)
            throws IOException {
        int done = 0;
        while (done < length) {
            try {
                int n = in.read(into, at + done, length - done);
                if (n < 0) {
                    throw new EOFException("serve connection closed inside a batch");
                }
                done += n;
            } catch (java.net.SocketTimeoutException timeout) {
                if (System.nanoTime() > deadlineNanos) {
                    throw timeout;
                }
            }
        }
    }

    private static String waitForError(Path err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String said = Files.readString(err);
        // recovery's warnings may come first: wait for the connection's own error line
        while (!said.contains("sluice: log serve:") && System.nanoTime() < deadline) {
            Thread.sleep(10);
            said = Files.readString(err);
        }
        return said;
    }
}
