package dev.sluice.log;

import dev.sluice.sys.Errno;
import dev.sluice.sys.MapAdvice;
import dev.sluice.sys.MappedRegion;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.NativeIOException;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The mmap read path ({@link ReadAhead#mmapPopulate()}): reads are slices of a mapping of the segment,
 * populated (MADV_POPULATE_READ) {@link #POPULATE_WINDOW} at a time ahead of what the reader reads,
 * under MADV_SEQUENTIAL. The mapping runs from the first byte the reader needs to the segment's end
 * as published then; when the reader needs bytes past it (the active segment grew), the next mapping
 * starts at the reader's position, so a tailing reader maps, and populates, only what is new.
 *
 * <p>Why not MAP_POPULATE of the whole mapping: that faults it all in before the first record is
 * read, each fault reading around itself and waiting for it (0.44-0.48x of a pread loop under the
 * kernel's read-ahead on a cold 512 MiB segment in the quick run of 2026-12-02, in C as in sluice).
 * Under MADV_SEQUENTIAL the faults read ahead asynchronously, as read(2) does. {@code bench/run.sh
 * ReadCold -p size=512m -f 1 -wi 0 -i 6}, medians of 6: sluice-mmap 242 ms against sluice-kernel's
 * 240; in C this way 188 ms, MAP_POPULATE 206, the pread loop 220. Before Linux 5.14 (no
 * MADV_POPULATE_READ) each mapping is populated whole.
 */
final class MappedSource extends ByteSource {
    static final long POPULATE_WINDOW = 8L << 20;

    private NativeFile file;
    private Segment segment;
    private MappedRegion mapping;
    /** The segment's bytes {@link #mapping} covers: [mappedFrom, mappedTo), populated up to populatedTo. */
    private long mappedFrom;
    private long mappedTo;
    private long populatedTo;
    /** Whether this kernel lacks MADV_POPULATE_READ (EINVAL): mappings are then made with MAP_POPULATE. */
    private static volatile boolean populateWhole;
    /** Mappings made and bytes they covered, over the reader's life (for tests). */
    private long mappings;
    private long mappedBytes;

    @Override
    void opened(NativeFile file, Segment segment) throws IOException {
        release();
        this.file = file;
        this.segment = segment;
    }

    @Override
    MemorySegment held(long at) {
        return null; // a slice of the mapping costs no copy: read() gives it
    }

    @Override
    MemorySegment read(long at, long n) throws IOException {
        if (mapping == null || at < mappedFrom || at + n > mappedTo) {
            map(at, segment.end()); // the end is at least at + n: the reader reads only what was published
        }
        if (at + n > populatedTo) {
            populate(Math.max(populatedTo, at), Math.min(mappedTo, Math.max(at + n, populatedTo + POPULATE_WINDOW)));
        }
        return mapping.segment().asSlice(at - mappedFrom, n);
    }

    private void map(long from, long to) throws IOException {
        boolean whole = populateWhole;
        MappedRegion next = MappedRegion.map(file, from, to - from, MappedRegion.Access.READ_ONLY,
                whole ? MappedRegion.Populate.NOW : MappedRegion.Populate.ON_ACCESS, MappedRegion.Sharing.SHARED);
        release();
        mapping = next;
        mappedFrom = from;
        mappedTo = to;
        populatedTo = whole ? to : from;
        mappings++;
        mappedBytes += to - from;
        if (!whole) {
            mapping.advise(MapAdvice.SEQUENTIAL, 0, to - from);
        }
    }

    private void populate(long from, long to) throws IOException {
        try {
            mapping.advise(MapAdvice.POPULATE_READ, from - mappedFrom, to - from);
            populatedTo = to;
        } catch (NativeIOException e) {
            if (e.errno() != Errno.EINVAL.value()) {
                throw e;
            }
            populateWhole = true; // before Linux 5.14
            map(mappedFrom, mappedTo);
        }
    }

    @Override
    void release() throws IOException {
        MappedRegion region = mapping;
        mapping = null;
        if (region != null) {
            region.close();
        }
    }

    long mappings() {
        return mappings;
    }

    long mappedBytes() {
        return mappedBytes;
    }
}
