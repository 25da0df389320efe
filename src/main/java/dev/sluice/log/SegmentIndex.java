package dev.sluice.log;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The sparse offset index of one segment, in memory: entries (an offset of a batch, its position), at
 * least {@code interval} bytes of segment apart, in increasing order. In sluice's format the offset is
 * the batch's base offset; in Kafka's it is the batch's last offset, as Kafka's {@code .index} keys
 * it, so an entry loaded from Kafka's file does not say where its batch starts in offsets
 * ({@link #floorOffset} and {@link #offsetAt} answer -1: read the header). Each entry also keeps the
 * largest timestamp of the batches before its position, so a search by time can start at the last
 * entry before which every record is older (sluice's equivalent of Kafka's {@code .timeindex}).
 * Advisory: it only shortens scans, and can always be rebuilt from the segment. Thread-safe: one
 * writer, any number of readers.
 *
 * <p>On disk (docs/FORMAT.md): 24-byte entries (int64 offset, int64 position, int64 largest timestamp
 * before it), then a trailer of int64 entry count and int32 CRC32C of everything before it.
 */
final class SegmentIndex {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final int ENTRY_BYTES = 24;
    /** The time column of an entry whose earlier batches' timestamps are not known: never a start by time. */
    static final long UNKNOWN_TIME = Long.MAX_VALUE;
    static final int TRAILER_BYTES = 12;

    private final int interval;
    private final boolean lastOffsetKeys;
    private long[] offsets = new long[16];
    private long[] positions = new long[16];
    private long[] newestBefore = new long[16];
    private int size;
    /** The largest timestamp of the batches fed so far. */
    private long newestSoFar = Long.MIN_VALUE;

    SegmentIndex(int interval) {
        this(interval, false);
    }

    private SegmentIndex(int interval, boolean lastOffsetKeys) {
        this.interval = interval;
        this.lastOffsetKeys = lastOffsetKeys;
    }

    /** An empty index for a segment of this format. */
    static SegmentIndex of(LogFormat format, int interval) {
        return new SegmentIndex(interval, format == LogFormat.KAFKA);
    }

    /** Records the batch at {@code position} if it is far enough from the last entry. */
    synchronized void onBatch(BatchHeader h) {
        maybeAdd(lastOffsetKeys ? h.lastOffset() : h.baseOffset(), h.position(), newestSoFar);
        newestSoFar = Math.max(newestSoFar, h.maxTimestamp());
    }

    /** Adds an entry of Kafka's {@code .index}: the batch at {@code position} ends with {@code lastOffset}. */
    synchronized void addLastOffsetEntry(long lastOffset, long position) {
        if (!lastOffsetKeys) {
            throw new IllegalStateException("a sluice index is keyed by base offsets");
        }
        append(lastOffset, position, UNKNOWN_TIME);
        newestSoFar = UNKNOWN_TIME;
    }

    /**
     * Records the batch at {@code position}, keyed as this index keys, if it is far enough from the last
     * entry; the timestamps before it are not known, so the entry is never a start by time.
     */
    synchronized void onBatch(long key, long position) {
        maybeAdd(key, position, UNKNOWN_TIME);
    }

    private void maybeAdd(long key, long position, long newest) {
        if (size > 0 && position - positions[size - 1] < interval) {
            return;
        }
        append(key, position, newest);
    }

    /**
     * The position of the last entry before which every batch is older than {@code timestamp}, or 0:
     * the first record reaching that time is there or later.
     */
    synchronized long timeFloorPosition(long timestamp) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (newestBefore[mid] < timestamp) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : positions[found];
    }

    /**
     * The position of the last indexed batch whose key is at most {@code offset}, or 0: the batch
     * holding {@code offset} starts there or later.
     */
    synchronized long floorPosition(long offset) {
        int i = floorIndex(offset);
        return i < 0 ? 0 : positions[i];
    }

    /**
     * The base offset of that batch, or {@code fallback} if no entry is at or below {@code offset};
     * -1 (not known) when an entry is keyed by its last offset.
     */
    synchronized long floorOffset(long offset, long fallback) {
        int i = floorIndex(offset);
        return i < 0 ? fallback : lastOffsetKeys ? -1 : offsets[i];
    }

    /** The last indexed batch boundary (position) at most {@code limit} and above {@code from}, or -1. */
    synchronized long boundaryAtMost(long from, long limit) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (positions[mid] <= limit) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && positions[found] > from ? positions[found] : -1;
    }

    /** The base offset of the indexed batch at exactly {@code position}, or -1 (none there, or not known). */
    synchronized long offsetAt(long position) {
        int i = Arrays.binarySearch(positions, 0, size, position);
        return i >= 0 && !lastOffsetKeys ? offsets[i] : -1;
    }

    private int floorIndex(long offset) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (offsets[mid] <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The newest timestamp of the batches before the last entry, or {@link Long#MIN_VALUE} if none or not known. */
    synchronized long newestBeforeLastEntry() {
        return size == 0 || newestBefore[size - 1] == UNKNOWN_TIME ? Long.MIN_VALUE : newestBefore[size - 1];
    }

    /** Position of the last entry, or 0. */
    synchronized long lastPosition() {
        return size == 0 ? 0 : positions[size - 1];
    }

    synchronized int size() {
        return size;
    }

    /** The entries, as {offset, position} pairs. */
    synchronized java.util.List<long[]> entries() {
        java.util.List<long[]> list = new java.util.ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(new long[] {offsets[i], positions[i]});
        }
        return list;
    }

    /** The index as its file content. */
    synchronized MemorySegment serialize(Arena arena) {
        MemorySegment out = arena.allocate((long) size * ENTRY_BYTES + TRAILER_BYTES);
        for (int i = 0; i < size; i++) {
            out.set(LONG, (long) i * ENTRY_BYTES, offsets[i]);
            out.set(LONG, (long) i * ENTRY_BYTES + 8, positions[i]);
            out.set(LONG, (long) i * ENTRY_BYTES + 16, newestBefore[i]);
        }
        out.set(LONG, (long) size * ENTRY_BYTES, size);
        out.set(INT, (long) size * ENTRY_BYTES + 8, crc(out.asSlice(0, out.byteSize() - 4)));
        return out;
    }

    /**
     * The index stored in {@code content} if it is intact and consistent with a segment of
     * {@code segmentSize} bytes starting at {@code baseOffset}; null otherwise (rebuild it).
     */
    static SegmentIndex deserialize(MemorySegment content, int interval, long baseOffset, long segmentSize) {
        long bytes = content.byteSize();
        if (bytes < TRAILER_BYTES || (bytes - TRAILER_BYTES) % ENTRY_BYTES != 0) {
            return null;
        }
        long count = content.get(LONG, bytes - TRAILER_BYTES);
        if (count != (bytes - TRAILER_BYTES) / ENTRY_BYTES
                || content.get(INT, bytes - 4) != crc(content.asSlice(0, bytes - 4))) {
            return null;
        }
        SegmentIndex index = new SegmentIndex(interval);
        long lastOffset = baseOffset - 1;
        long lastPosition = -1;
        long lastTime = Long.MIN_VALUE;
        for (long i = 0; i < count; i++) {
            long offset = content.get(LONG, i * ENTRY_BYTES);
            long position = content.get(LONG, i * ENTRY_BYTES + 8);
            long newest = content.get(LONG, i * ENTRY_BYTES + 16);
            if (offset <= lastOffset || position <= lastPosition || position >= segmentSize || newest < lastTime) {
                return null;
            }
            index.append(offset, position, newest);
            lastOffset = offset;
            lastPosition = position;
            lastTime = newest;
        }
        // batches after the last entry are fed by the scan that follows a load: their time goes on from here
        index.newestSoFar = count == 0 ? Long.MIN_VALUE : lastTime;
        return index;
    }

    private void append(long offset, long position, long newest) {
        if (size == offsets.length) {
            offsets = Arrays.copyOf(offsets, size * 2);
            positions = Arrays.copyOf(positions, size * 2);
            newestBefore = Arrays.copyOf(newestBefore, size * 2);
        }
        offsets[size] = offset;
        positions[size] = position;
        newestBefore[size] = newest;
        size++;
    }

    private static int crc(MemorySegment bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.asByteBuffer());
        return (int) crc.getValue();
    }
}
