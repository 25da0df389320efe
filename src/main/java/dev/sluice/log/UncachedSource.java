package dev.sluice.log;

import dev.sluice.sys.Errno;
import dev.sluice.sys.NativeIOException;
import dev.sluice.sys.RwFlag;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;

/**
 * The uncached read path ({@link CacheHint#UNCACHED}): preadv2 with RWF_DONTCACHE, so what is read
 * leaves the page cache; on a file system that refuses it, pread for the rest of the reader's life
 * (the reader's drop-behind then does the job).
 */
final class UncachedSource extends PreadSource {
    private static final Set<RwFlag> DONTCACHE = EnumSet.of(RwFlag.DONTCACHE);
    private boolean refused;

    UncachedSource(MemorySegment buffer) {
        super(buffer);
    }

    @Override
    void fill(MemorySegment dst, long at) throws IOException {
        if (!refused) {
            try {
                readUncached(dst, at);
                return;
            } catch (NativeIOException e) {
                if (e.errno() != Errno.EOPNOTSUPP.value()) {
                    throw e;
                }
                refused = true; // this file system refuses RWF_DONTCACHE: drop-behind does the job
            }
        }
        super.fill(dst, at);
    }

    private void readUncached(MemorySegment dst, long at) throws IOException {
        long done = 0;
        while (done < dst.byteSize()) {
            long got = file.read(dst.asSlice(done), at + done, DONTCACHE);
            if (got == 0) {
                throw new IOException(segment.name + " ended at " + (at + done) + " before its published end");
            }
            done += got;
        }
    }
}
