package dev.sluice.log;

import dev.sluice.sys.NativeFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an offset range of the log lies on disk: per segment, the whole batches that hold it, found
 * through the segment's index and batch headers only (nothing else of the segment is read, so finding
 * a range does not pull it into the page cache).
 */
final class OffsetRanges {
    private OffsetRanges() {
    }

    static List<SegmentRange> of(Path dir, SegmentSet segments, int maxBatchBytes, long fromOffset, long toOffset)
            throws IOException {
        long start = segments.startOffset();
        long end = segments.endOffset();
        if (fromOffset > toOffset) {
            throw new IllegalArgumentException("the range [" + fromOffset + ", " + toOffset + ") ends before it starts");
        }
        long from = Math.max(fromOffset, start);
        long to = Math.min(toOffset, end);
        List<SegmentRange> ranges = new ArrayList<>();
        if (from >= to) {
            return ranges;
        }
        try (Arena arena = Arena.ofConfined()) {
            BatchLocator locator = new BatchLocator(arena, maxBatchBytes);
            for (Segment segment : segments.list()) {
                Segment.Tail tail = segment.tail();
                if (tail.nextOffset() <= from || segment.baseOffset >= to || tail.end() == 0) {
                    continue;
                }
                try (NativeFile file = segments.openForReading(segment)) {
                    BatchHeader first = locator.holding(segment, file, Math.max(from, segment.baseOffset));
                    if (first == null) {
                        continue;
                    }
                    long rangeEnd = tail.end();
                    long rangeNext = tail.nextOffset();
                    if (to < tail.nextOffset()) {
                        BatchHeader last = locator.holding(segment, file, to - 1);
                        rangeEnd = last.end();
                        rangeNext = last.nextOffset();
                    }
                    ranges.add(new SegmentRange(dir.resolve(segment.name), first.position(),
                            rangeEnd - first.position(), first.baseOffset(), rangeNext));
                }
            }
        }
        return ranges;
    }
}
