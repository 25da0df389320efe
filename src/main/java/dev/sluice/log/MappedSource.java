package dev.sluice.log;

import dev.sluice.sys.MappedRegion;
import dev.sluice.sys.NativeFile;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The mmap read path ({@link ReadAhead#mmapPopulate()}): reads are slices of a MAP_POPULATE mapping
 * of the segment. The mapping runs from the first byte the reader needs to the segment's end as
 * published then; when the reader needs bytes past it (the active segment grew), the next mapping
 * starts at the reader's position, so a tailing reader maps, and populates, only what is new.
 */
final class MappedSource extends ByteSource {
    private NativeFile file;
    private Segment segment;
    private MappedRegion mapping;
    /** The segment's bytes {@link #mapping} covers: [mappedFrom, mappedTo). */
    private long mappedFrom;
    private long mappedTo;
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
            long end = segment.end(); // at least at + n: the reader reads only what was published
            MappedRegion next = MappedRegion.map(file, at, end - at, MappedRegion.Access.READ_ONLY,
                    MappedRegion.Populate.NOW, MappedRegion.Sharing.SHARED);
            release();
            mapping = next;
            mappedFrom = at;
            mappedTo = end;
            mappings++;
            mappedBytes += end - at;
        }
        return mapping.segment().asSlice(at - mappedFrom, n);
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
