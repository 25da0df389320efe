package dev.sluice.log;

import dev.sluice.sys.KernelFeatures;
import dev.sluice.sys.NativeFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Where a reader's bytes come from, one subclass per read path: {@link PreadSource} (pread into a
 * buffer), {@link UncachedSource} (preadv2 with RWF_DONTCACHE, falling back to pread) and
 * {@link MappedSource} (a MAP_POPULATE mapping). One per reader, told each time the reader moves to
 * another segment; it reads through the reader's own descriptor of that segment.
 */
abstract sealed class ByteSource permits PreadSource, MappedSource {
    /** The reader's buffer when a read path copies: at least this large, and at least a whole batch. */
    static final int CHUNK_BYTES = 256 * 1024;

    /** The read path the reader's policies ask for. */
    static ByteSource of(ReaderConfig config, Arena arena, int maxBatchBytes) {
        if (config.readAhead().kind() == ReadAhead.Kind.MMAP_POPULATE) {
            return new MappedSource();
        }
        MemorySegment buffer = arena.allocate(Math.max(CHUNK_BYTES, maxBatchBytes), 4096);
        if (config.cacheHint() == CacheHint.UNCACHED && KernelFeatures.dontCache()) {
            return new UncachedSource(buffer);
        }
        return new PreadSource(buffer);
    }

    /** The reader now reads {@code segment} through {@code file}: nothing held from the one before is valid. */
    abstract void opened(NativeFile file, Segment segment) throws IOException;

    /**
     * What the source already holds from {@code at} on, if that includes the whole batch starting
     * there (so small polls do not read it again); null otherwise.
     */
    abstract MemorySegment held(long at);

    /** {@code n} bytes at {@code at} of the segment, all within its published end. */
    abstract MemorySegment read(long at, long n) throws IOException;

    /** Lets go of what the source holds of the segment (a mapping); the reader closes the descriptor. */
    abstract void release() throws IOException;
}
