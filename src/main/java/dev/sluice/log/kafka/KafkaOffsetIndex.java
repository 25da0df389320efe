package dev.sluice.log.kafka;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static dev.sluice.log.kafka.KafkaBatchHeader.INT;

/**
 * A segment's sparse offset index, the {@code .index} file: entries of int32 offset relative to
 * the segment's base offset and int32 byte position, big-endian, both strictly increasing. Each
 * entry names a batch by its <b>last</b> offset and gives the position where the batch starts, as
 * Kafka's {@code LogSegment} writes it. Which batches get an entry is {@link KafkaSegmentIndexer}'s job.
 */
public final class KafkaOffsetIndex {
    /** Bytes per entry. */
    public static final int ENTRY_BYTES = 8;

    /** The largest base offset: every int32 relative offset from it is still a long. */
    public static final long MAX_BASE_OFFSET = Long.MAX_VALUE - Integer.MAX_VALUE;

    private final long baseOffset;
    private int[] relativeOffsets = new int[16];
    private int[] positions = new int[16];
    private int entries;

    /**
     * An empty index.
     *
     * @param baseOffset the segment's base offset, at most {@link #MAX_BASE_OFFSET}
     */
    public KafkaOffsetIndex(long baseOffset) {
        if (baseOffset < 0 || baseOffset > MAX_BASE_OFFSET) {
            throw new IllegalArgumentException("base offset must be in [0, " + MAX_BASE_OFFSET + "], was " + baseOffset);
        }
        this.baseOffset = baseOffset;
    }

    /** {@return the segment's base offset} */
    public long baseOffset() {
        return baseOffset;
    }

    /** {@return the number of entries} */
    public int entries() {
        return entries;
    }

    /**
     * Entry {@code n}.
     *
     * @param n from 0 to {@link #entries()} - 1
     * @return the entry, its offset absolute
     */
    public OffsetPosition entry(int n) {
        if (n < 0 || n >= entries) {
            throw new IndexOutOfBoundsException("entry " + n + " of " + entries);
        }
        return new OffsetPosition(baseOffset + relativeOffsets[n], positions[n]);
    }

    /**
     * Adds an entry after the last.
     *
     * @param offset the last offset of the batch at {@code position}; above the last entry's, and
     *               less than 2^31 past the base offset
     * @param position where the batch starts; above the last entry's, at most 2^31-1
     */
    public void append(long offset, long position) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " is out of range of a segment based at " + baseOffset);
        }
        if (position < 0 || position > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("position " + position + " is out of range of an int32");
        }
        if (entries > 0 && (relative <= relativeOffsets[entries - 1] || position <= positions[entries - 1])) {
            throw new IllegalArgumentException("entry (" + offset + ", " + position + ") does not follow the last entry "
                    + entry(entries - 1));
        }
        if (entries == relativeOffsets.length) {
            relativeOffsets = Arrays.copyOf(relativeOffsets, entries * 2);
            positions = Arrays.copyOf(positions, entries * 2);
        }
        relativeOffsets[entries] = (int) relative;
        positions[entries] = (int) position;
        entries++;
    }

    /**
     * Where to start scanning for {@code targetOffset}, as Kafka's {@code OffsetIndex.lookup}: the
     * entry with the largest offset at most {@code targetOffset}, or (base offset, 0) if there is none.
     * The batch holding {@code targetOffset} starts at or after the position returned.
     *
     * @param targetOffset an absolute offset
     * @return the entry to start from
     */
    public OffsetPosition lookup(long targetOffset) {
        int low = 0;
        int high = entries - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (baseOffset + relativeOffsets[mid] <= targetOffset) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found < 0 ? new OffsetPosition(baseOffset, 0) : entry(found);
    }

    /** {@return the bytes of the {@code .index} file: the entries and nothing else} */
    public byte[] toBytes() {
        byte[] bytes = new byte[entries * ENTRY_BYTES];
        MemorySegment out = MemorySegment.ofArray(bytes);
        for (int i = 0; i < entries; i++) {
            out.set(INT, (long) i * ENTRY_BYTES, relativeOffsets[i]);
            out.set(INT, (long) i * ENTRY_BYTES + 4, positions[i]);
        }
        return bytes;
    }

    /**
     * Reads an {@code .index} file. An entry of zeros after which only zeros follow ends it: Kafka
     * preallocates the active segment's index, and an unclean stop leaves the zeros (no real entry
     * is ever zero, since the batch at position 0 is never indexed).
     *
     * @param bytes the file's contents
     * @param baseOffset the segment's base offset
     * @param segmentBytes the size of the segment the index is for
     * @return the index
     * @throws KafkaFormatException if the size is not a whole number of entries, or the entries do
     *         not increase or point past the segment
     */
    public static KafkaOffsetIndex read(MemorySegment bytes, long baseOffset, long segmentBytes) throws KafkaFormatException {
        if (bytes.byteSize() % ENTRY_BYTES != 0) {
            throw new KafkaFormatException("offset index of " + bytes.byteSize() + " bytes is not a multiple of "
                    + ENTRY_BYTES);
        }
        KafkaOffsetIndex index = new KafkaOffsetIndex(baseOffset);
        long count = bytes.byteSize() / ENTRY_BYTES;
        for (long i = 0; i < count; i++) {
            int relative = bytes.get(INT, i * ENTRY_BYTES);
            int position = bytes.get(INT, i * ENTRY_BYTES + 4);
            if (relative == 0 && position == 0) {
                if (!IndexZeros.allZeroFrom(bytes, i * ENTRY_BYTES)) {
                    throw new KafkaFormatException("offset index entry " + i + " is zero but entries follow it");
                }
                break;
            }
            if (relative < 0 || position < 0 || position >= segmentBytes) {
                throw new KafkaFormatException("offset index entry " + i + " (relative offset " + relative
                        + ", position " + position + ") out of range of a segment of " + segmentBytes + " bytes");
            }
            if (index.entries > 0 && (relative <= index.relativeOffsets[index.entries - 1]
                    || position <= index.positions[index.entries - 1])) {
                throw new KafkaFormatException("offset index entry " + i + " (relative offset " + relative
                        + ", position " + position + ") does not follow the one before it");
            }
            index.append(baseOffset + relative, position);
        }
        return index;
    }
}
