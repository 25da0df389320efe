package dev.sluice.sys;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.Set;

/**
 * sendfile(2), splice(2), tee(2) and vmsplice(2) between descriptors. Each method makes one call and
 * returns what it moved, as the kernel may move less than asked; {@link #sendfileFully} loops.
 * A would-block on a non-blocking descriptor returns 0.
 */
public final class ZeroCopy {
    /** As an offset: use and advance the descriptor's own file position. */
    public static final long CURRENT_POSITION = -1;

    private ZeroCopy() {
    }

    /**
     * One sendfile(2) of up to {@code count} bytes from {@code in} at {@code offset} to {@code out};
     * {@code in}'s file position does not move.
     *
     * @param out the target: a socket, pipe or file
     * @param in the source file
     * @param offset where in the source to start, in bytes
     * @param count the most bytes to send
     * @return the bytes sent; 0 at the end of the source, or if {@code out} would block
     * @throws IOException if sendfile fails
     */
    public static long sendfile(Fd out, Fd in, long offset, long count) throws IOException {
        Objects.requireNonNull(out, "out");
        Checks.fileRange(offset, count);
        return out.holding(outFd -> {
            try {
                return in.call(Syscall.SENDFILE, null, (libc, inFd) -> {
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment off = arena.allocateFrom(ValueLayout.JAVA_LONG, offset);
                        return libc.sendfile(outFd, inFd, off, count);
                    }
                }, "out_fd=" + outFd + ", offset=%d, count=%d", offset, count, 0);
            } catch (NativeIOException e) {
                return rethrowUnlessWouldBlock(e);
            }
        });
    }

    /**
     * sendfile(2) until all {@code count} bytes are sent.
     *
     * @param out the target: a blocking socket, pipe or file
     * @param in the source file
     * @param offset where in the source to start, in bytes
     * @param count the bytes to send
     * @throws EOFException if {@code in} ends first, or {@code out} would block
     * @throws IOException if sendfile fails
     */
    public static void sendfileFully(Fd out, Fd in, long offset, long count) throws IOException {
        Checks.fileRange(offset, count);
        long done = 0;
        while (done < count) {
            long n = sendfile(out, in, offset + done, count - done);
            if (n == 0) {
                throw new EOFException("sendfile: input ended (or output would block) at offset " + (offset + done)
                        + ", " + (count - done) + " bytes short");
            }
            done += n;
        }
    }

    /**
     * One splice(2) of up to {@code count} bytes; one side must be a pipe. Offsets are
     * {@link #CURRENT_POSITION} for pipes and sockets.
     *
     * @param in the descriptor to read from
     * @param inOffset where in {@code in} to start, or {@link #CURRENT_POSITION}
     * @param out the descriptor to write to
     * @param outOffset where in {@code out} to start, or {@link #CURRENT_POSITION}
     * @param count the most bytes to move
     * @param flags SPLICE_F_* flags
     * @return the bytes moved; 0 at the end of the input, or if a side would block
     * @throws IOException if splice fails (EINVAL where neither side is a pipe or the pair is unsupported)
     */
    public static long splice(Fd in, long inOffset, Fd out, long outOffset, long count, Set<SpliceFlag> flags)
            throws IOException {
        Objects.requireNonNull(out, "out");
        checkOffset(inOffset, "inOffset");
        checkOffset(outOffset, "outOffset");
        Checks.nonNegative(count, "count");
        int bits = NativeFlag.combine(flags);
        return out.holding(outFd -> {
            try {
                return in.call(Syscall.SPLICE, null, (libc, inFd) -> {
                    try (Arena arena = Arena.ofConfined()) {
                        return libc.splice(inFd, offsetPointer(arena, inOffset), outFd,
                                offsetPointer(arena, outOffset), count, bits);
                    }
                }, "off_in=%d, fd_out=" + outFd + ", off_out=%d, len=%d", inOffset, outOffset, count);
            } catch (NativeIOException e) {
                return rethrowUnlessWouldBlock(e);
            }
        });
    }

    /**
     * One tee(2): duplicates up to {@code count} bytes from pipe {@code in} to pipe {@code out},
     * leaving them in {@code in}.
     *
     * @param in the pipe's read end to copy from
     * @param out the other pipe's write end
     * @param count the most bytes to duplicate
     * @param flags SPLICE_F_* flags
     * @return the bytes duplicated; 0 if {@code in} is empty and has no writer, or a side would block
     * @throws IOException if tee fails
     */
    public static long tee(Fd in, Fd out, long count, Set<SpliceFlag> flags) throws IOException {
        Objects.requireNonNull(out, "out");
        Checks.nonNegative(count, "count");
        int bits = NativeFlag.combine(flags);
        return out.holding(outFd -> {
            try {
                return in.call(Syscall.TEE, null, (libc, inFd) -> libc.tee(inFd, outFd, count, bits),
                        "fd_out=" + outFd + ", len=%d", count, 0, 0);
            } catch (NativeIOException e) {
                return rethrowUnlessWouldBlock(e);
            }
        });
    }

    /**
     * One vmsplice(2) of {@code src} into the pipe {@code pipeWriteEnd}; the bytes are copied (no GIFT).
     *
     * @param pipeWriteEnd the pipe's write end
     * @param src native memory to put in the pipe
     * @param flags SPLICE_F_* flags, not {@link SpliceFlag#GIFT}
     * @return the bytes moved; 0 if the pipe would block
     * @throws IllegalArgumentException if {@code flags} holds GIFT
     * @throws IOException if vmsplice fails
     */
    public static long vmsplice(Fd pipeWriteEnd, MemorySegment src, Set<SpliceFlag> flags) throws IOException {
        Checks.nativeMemory(src, "src");
        Checks.accessible(src, "src");
        if (flags.contains(SpliceFlag.GIFT)) {
            throw new IllegalArgumentException("SPLICE_F_GIFT hands pages to the kernel; sluice does not allow it");
        }
        int bits = NativeFlag.combine(flags);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iov = arena.allocate(iovec.layout());
            iovec.iov_base(iov, src);
            iovec.iov_len(iov, src.byteSize());
            return pipeWriteEnd.call(Syscall.VMSPLICE, null, (libc, fd) -> libc.vmsplice(fd, iov, 1, bits),
                    "len=%d, flags=0x%x", src.byteSize(), bits, 0);
        } catch (NativeIOException e) {
            return rethrowUnlessWouldBlock(e);
        }
    }

    private static void checkOffset(long offset, String name) {
        if (offset != CURRENT_POSITION) {
            Checks.nonNegative(offset, name);
        }
    }

    private static MemorySegment offsetPointer(Arena arena, long offset) {
        return offset == CURRENT_POSITION ? MemorySegment.NULL : arena.allocateFrom(ValueLayout.JAVA_LONG, offset);
    }

    /** EAGAIN is 0 bytes moved, unless a deferred close failed as the call returned (see {@link Fd}). */
    private static long rethrowUnlessWouldBlock(NativeIOException e) throws IOException {
        if (e.errno() != Errno.EAGAIN.value()) {
            throw e;
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (suppressed instanceof NativeIOException closeError && closeError.syscall() == Syscall.CLOSE) {
                throw closeError;
            }
        }
        return 0;
    }
}
