package dev.sluice.transfer;

import dev.sluice.sys.Errno;
import dev.sluice.sys.Fd;
import dev.sluice.sys.FdIO;
import dev.sluice.sys.NativeError;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.Pipe;
import dev.sluice.sys.SpliceFlag;
import dev.sluice.sys.ZeroCopy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends ranges of files to a descriptor (a socket, a pipe, a file) by a preferred path, and counts
 * the bytes that went each way.
 *
 * <pre>{@code
 * try (FileTransfer transfer = FileTransfer.using(TransferPath.SPLICE)) {
 *     TransferResult r = transfer.transfer(file, 0, file.size(), ChannelFds.of(socketChannel));
 *     // r.path() is SPLICE, or COPY if the kernel refused splice for these descriptors
 * }
 * }</pre>
 *
 * <ul>
 * <li>{@link TransferPath#SENDFILE}: sendfile(2) from the file to the target.
 * <li>{@link TransferPath#SPLICE}: splice(2) from the file into a pipe this object owns (created on
 *     first use, its buffer enlarged to {@value #PIPE_SIZE} bytes if the kernel allows, else kept at
 *     what it grants), then from the pipe to the target. Each chunk is drained from the pipe before
 *     the next is read in; if the target fails mid-chunk, the pipe, holding bytes that can no longer
 *     be delivered in order, is closed and dropped, and the next transfer makes a new one.
 * <li>{@link TransferPath#COPY}: pread(2) into a {@value #COPY_BUFFER_SIZE}-byte native buffer this
 *     object owns (allocated on first use), then write(2) to the target.
 * </ul>
 *
 * <p>If the kernel refuses the zero-copy call for the pair of descriptors (EINVAL, ENOSYS or
 * EOPNOTSUPP before any byte reached the target, e.g. splice to a file opened O_APPEND, or a file
 * system without splice support), the transfer is done by {@link TransferPath#COPY} instead, and so
 * is every later one on this object. A failure after bytes reached the target is thrown, never
 * retried another way, so the target never receives a byte twice.
 *
 * <p>Bytes are counted per path as the target accepts them, including those of a transfer that
 * later fails: {@link #bytes(TransferPath)} is what each path delivered.
 *
 * <p>The target must be a blocking descriptor: a transfer that would block throws. A JDK
 * {@code SocketChannel} in blocking mode qualifies, unless a virtual thread has used it (the JDK
 * then makes its descriptor non-blocking).
 *
 * <p>Not thread-safe: one per thread or connection, and closed when no transfer is running. Only
 * {@link #bytes(TransferPath)} and {@link #preferred()} may be called from any thread at any time.
 */
public final class FileTransfer implements AutoCloseable {
    /** The pipe buffer asked for with F_SETPIPE_SZ (the default /proc/sys/fs/pipe-max-size). */
    public static final int PIPE_SIZE = 1 << 20;
    /** The buffer of the copying path. */
    public static final int COPY_BUFFER_SIZE = 256 << 10;

    private static final Logger LOG = LoggerFactory.getLogger(FileTransfer.class);
    private static final Set<Integer> REFUSALS = Set.of(Errno.EINVAL.value(), Errno.ENOSYS.value(),
            Errno.EOPNOTSUPP.value());
    private static final Set<SpliceFlag> MOVE = EnumSet.of(SpliceFlag.MOVE);
    private static final Set<SpliceFlag> MOVE_MORE = EnumSet.of(SpliceFlag.MOVE, SpliceFlag.MORE);

    private final TransferPath preferred;
    private final LongAdder[] counters = new LongAdder[TransferPath.values().length];
    private TransferPath path;
    private Pipe pipe;
    private long pipeCapacity;
    private Arena arena;
    private MemorySegment buffer;
    private boolean closed;

    private FileTransfer(TransferPath preferred) {
        this.preferred = preferred;
        this.path = preferred;
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    /**
     * A transfer that tries {@code preferred} first; nothing native is allocated until it is used.
     *
     * @param preferred the path to try first
     * @return the transfer; close it when done
     */
    public static FileTransfer using(TransferPath preferred) {
        return new FileTransfer(Objects.requireNonNull(preferred, "preferred"));
    }

    /** {@return the path asked for at creation} */
    public TransferPath preferred() {
        return preferred;
    }

    /**
     * {@return the bytes the target accepted by {@code path} since this object was created}
     *
     * @param path the path to count
     */
    public long bytes(TransferPath path) {
        return counters[Objects.requireNonNull(path, "path").ordinal()].sum();
    }

    /**
     * Sends exactly {@code count} bytes of {@code source} from {@code position} to {@code target},
     * whose own file position (if it has one) advances; the source's does not.
     *
     * @param source the file to read from
     * @param position where in the source to start, in bytes
     * @param count how many bytes to send
     * @param target a blocking descriptor: socket, pipe or file
     * @return {@code count} and the path the bytes took
     * @throws EOFException if the source ends before {@code position + count}; the bytes before
     *     that point were sent
     * @throws IOException if a call fails (the exception names it, with its errno), or the target
     *     would block
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative, or their sum overflows
     * @throws IllegalStateException if this transfer is closed
     */
    public TransferResult transfer(NativeFile source, long position, long count, Fd target) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (position < 0 || count < 0 || position + count < 0) {
            throw new IllegalArgumentException("position and count must be >= 0 and their sum an off_t: position="
                    + position + ", count=" + count);
        }
        if (closed) {
            throw new IllegalStateException("this FileTransfer is already closed");
        }
        if (count == 0) {
            return new TransferResult(0, path);
        }
        TransferPath used = path;
        boolean sent = switch (used) {
            case SENDFILE -> sendfile(source, position, count, target);
            case SPLICE -> splice(source, position, count, target);
            case COPY -> false;
        };
        if (!sent) {
            copy(source, position, count, target);
            used = TransferPath.COPY;
        }
        return new TransferResult(count, used);
    }

    /**
     * Closes the pipe and frees the buffer. Idempotent; not while a transfer runs.
     *
     * @throws IOException if closing the pipe fails
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (pipe != null) {
                pipe.close();
            }
        } finally {
            pipe = null;
            buffer = null;
            if (arena != null) {
                arena.close();
                arena = null;
            }
        }
    }

    /** {@return the preferred and current path, the pipe's size, and the bytes by each path} */
    @Override
    public String toString() {
        return "FileTransfer[preferred=" + preferred + ", path=" + path + (pipe != null ? ", pipe=" + pipeCapacity : "")
                + ", sendfile=" + bytes(TransferPath.SENDFILE) + ", splice=" + bytes(TransferPath.SPLICE)
                + ", copy=" + bytes(TransferPath.COPY) + (closed ? ", closed" : "") + "]";
    }

    /** @return false if the kernel refused sendfile before any byte was sent */
    private boolean sendfile(NativeFile source, long position, long count, Fd target) throws IOException {
        long done = 0;
        while (done < count) {
            long n;
            try {
                n = ZeroCopy.sendfile(target, source.fd(), position + done, count - done);
            } catch (IOException e) {
                if (done == 0 && refused(e)) {
                    fallBack(e, source, target);
                    return false;
                }
                throw e;
            }
            if (n == 0) {
                // End of the file, or EAGAIN from a non-blocking target (ZeroCopy reports both as 0).
                if (source.size() > position + done) {
                    throw wouldBlock("sendfile", target, done, count);
                }
                throw ended(source, position, count, done);
            }
            counters[TransferPath.SENDFILE.ordinal()].add(n);
            done += n;
        }
        return true;
    }

    /** @return false if the kernel refused splice before any byte reached the target */
    private boolean splice(NativeFile source, long position, long count, Fd target) throws IOException {
        long done = 0;
        while (done < count) {
            Pipe p = pipe(source);
            long filled;
            try {
                filled = ZeroCopy.splice(source.fd(), position + done, p.writeEnd(), ZeroCopy.CURRENT_POSITION,
                        Math.min(count - done, pipeCapacity), MOVE);
            } catch (IOException e) {
                // The pipe was empty and a failed splice leaves it so: it can stay, unless abandoned.
                if (done == 0 && refused(e)) {
                    dropPipe(e);
                    fallBack(e, source, target);
                    return false;
                }
                throw e;
            }
            if (filled == 0) {
                throw ended(source, position, count, done);
            }
            Set<SpliceFlag> flags = done + filled < count ? MOVE_MORE : MOVE;
            long drained = 0;
            try {
                while (drained < filled) {
                    long n = ZeroCopy.splice(p.readEnd(), ZeroCopy.CURRENT_POSITION, target,
                            ZeroCopy.CURRENT_POSITION, filled - drained, flags);
                    if (n == 0) {
                        throw wouldBlock("splice", target, done + drained, count);
                    }
                    counters[TransferPath.SPLICE.ordinal()].add(n);
                    drained += n;
                }
            } catch (Throwable t) {
                // Bytes may be left in the pipe that the target never got: they must not go out later.
                dropPipe(t);
                if (done + drained == 0 && t instanceof IOException e && refused(e)) {
                    fallBack(e, source, target);
                    return false;
                }
                throw t;
            }
            done += filled;
        }
        return true;
    }

    private void copy(NativeFile source, long position, long count, Fd target) throws IOException {
        MemorySegment buf = buffer();
        long done = 0;
        while (done < count) {
            long n = source.read(buf.asSlice(0, Math.min(count - done, buf.byteSize())), position + done);
            if (n == 0) {
                throw ended(source, position, count, done);
            }
            long written = 0;
            while (written < n) {
                long w = FdIO.write(target, buf.asSlice(written, n - written));
                if (w == 0) {
                    throw wouldBlock("write", target, done + written, count);
                }
                counters[TransferPath.COPY.ordinal()].add(w);
                written += w;
            }
            done += n;
        }
    }

    /** The reused pipe, opened with the kernel of the file it splices from (tests give files faulty ones). */
    private Pipe pipe(NativeFile source) throws IOException {
        if (pipe != null && pipe.readEnd().kernel() != source.fd().kernel()) {
            Pipe other = pipe;
            pipe = null;
            other.close();
        }
        if (pipe == null) {
            Pipe p = Pipe.open(source.fd().kernel(), false);
            try {
                pipeCapacity = enlarge(p);
            } catch (Throwable t) {
                closeQuietly(p, t);
                throw t;
            }
            pipe = p;
        }
        return pipe;
    }

    /** Asks for {@link #PIPE_SIZE}; takes what the kernel has if it refuses (pipe-max-size, per-user quota). */
    private static int enlarge(Pipe p) throws IOException {
        try {
            return p.resize(PIPE_SIZE);
        } catch (IOException e) {
            if (!(e instanceof NativeError)) {
                throw e;
            }
            int capacity = p.capacity();
            LOG.debug("pipe buffer of {} bytes refused ({}); splicing {} bytes at a time", PIPE_SIZE,
                    e.getMessage(), capacity);
            return capacity;
        }
    }

    private void dropPipe(Throwable cause) {
        Pipe p = pipe;
        pipe = null;
        if (p != null) {
            closeQuietly(p, cause);
        }
    }

    private static void closeQuietly(Pipe p, Throwable cause) {
        try {
            p.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private MemorySegment buffer() {
        if (buffer == null) {
            // Shared, so that the object may move between threads (one at a time).
            arena = Arena.ofShared();
            buffer = arena.allocate(COPY_BUFFER_SIZE, 4096);
        }
        return buffer;
    }

    private void fallBack(IOException refusal, NativeFile source, Fd target) {
        LOG.debug("{} from {} to {} refused ({}); copying instead, for this and every later transfer of {}", path,
                source, target, refusal.getMessage(), this);
        path = TransferPath.COPY;
    }

    private static boolean refused(IOException e) {
        return e instanceof NativeError error && REFUSALS.contains(error.errno());
    }

    private static EOFException ended(NativeFile source, long position, long count, long done) {
        return new EOFException(source.path() + " ends at " + (position + done) + ", before " + (position + count)
                + ": " + done + " of " + count + " bytes were transferred");
    }

    private static IOException wouldBlock(String call, Fd target, long done, long count) {
        return new IOException(call + " to " + target + " made no progress after " + done + " of " + count
                + " bytes: the target would block, and FileTransfer needs a blocking descriptor");
    }
}
