package dev.sluice.log;

import dev.sluice.sys.NativeFile;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** The pread read path: chunks of the segment copied into the reader's buffer, which remembers what it holds. */
sealed class PreadSource extends ByteSource permits UncachedSource {
    private final MemorySegment buffer;
    /** The part of the current segment that {@link #buffer} holds. */
    private long bufferedFrom;
    private long bufferedTo;
    NativeFile file;
    Segment segment;

    PreadSource(MemorySegment buffer) {
        this.buffer = buffer;
    }

    @Override
    final void opened(NativeFile file, Segment segment) {
        this.file = file;
        this.segment = segment;
        bufferedFrom = 0;
        bufferedTo = 0;
    }

    @Override
    final MemorySegment held(long at) {
        if (at < bufferedFrom || bufferedTo - at < segment.format.headerBytes()) {
            return null;
        }
        MemorySegment held = buffer.asSlice(at - bufferedFrom, bufferedTo - at);
        long size = segment.format.header(held, at).size();
        return size > 0 && size <= held.byteSize() ? held : null;
    }

    @Override
    final MemorySegment read(long at, long n) throws IOException {
        MemorySegment dst = buffer.asSlice(0, n);
        bufferedFrom = at;
        bufferedTo = at; // until the read below succeeds
        fill(dst, at);
        bufferedTo = at + n;
        return dst;
    }

    /** Reads {@code dst.byteSize()} bytes at {@code at} into {@code dst}. */
    void fill(MemorySegment dst, long at) throws IOException {
        file.readFully(dst, at);
    }

    @Override
    final void release() {
        file = null;
        segment = null;
        bufferedFrom = 0;
        bufferedTo = 0;
    }
}
