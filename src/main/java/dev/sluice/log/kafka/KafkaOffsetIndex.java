package dev.sluice.log.kafka;

import java.lang.foreign.MemorySegment;

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
    public static final long MAX_BASE_OFFSET = FixedEntryIndex.MAX_BASE_OFFSET;

    private static final int RELATIVE_OFFSET = 0;
    private static final int POSITION = 4;

    private final FixedEntryIndex entries;

    /**
     * An empty index.
     *
     * @param baseOffset the segment's base offset, at most {@link #MAX_BASE_OFFSET}
     */
    public KafkaOffsetIndex(long baseOffset) {
        this.entries = new FixedEntryIndex(baseOffset, ENTRY_BYTES);
    }

    /** {@return the segment's base offset} */
    public long baseOffset() {
        return entries.baseOffset();
    }

    /** {@return the number of entries} */
    public int entries() {
        return entries.entries();
    }

    /**
     * Entry {@code n}.
     *
     * @param n from 0 to {@link #entries()} - 1
     * @return the entry, its offset absolute
     */
    public OffsetPosition entry(int n) {
        return new OffsetPosition(offset(n), entries.intAt(n, POSITION));
    }

    /**
     * Adds an entry after the last.
     *
     * @param offset the last offset of the batch at {@code position}; above the last entry's, and
     *               less than 2^31 past the base offset
     * @param position where the batch starts; above the last entry's, at most 2^31-1
     */
    public void append(long offset, long position) {
        int relative = entries.relative(offset);
        if (position < 0 || position > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("position " + position + " is out of range of an int32");
        }
        if (!followsLast(relative, (int) position)) {
            throw new IllegalArgumentException("entry (" + offset + ", " + position + ") does not follow the last entry "
                    + entry(entries() - 1));
        }
        MemorySegment entry = entries.append();
        entry.set(INT, RELATIVE_OFFSET, relative);
        entry.set(INT, POSITION, (int) position);
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
        int found = entries.lastAtMost(targetOffset, this::offset);
        return found < 0 ? new OffsetPosition(baseOffset(), 0) : entry(found);
    }

    /** {@return the bytes of the {@code .index} file: the entries and nothing else} */
    public byte[] toBytes() {
        return entries.toBytes();
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
        return FixedEntryIndex.read(bytes, ENTRY_BYTES, "offset index", false, () -> new KafkaOffsetIndex(baseOffset),
                (index, i, entry) -> {
                    int relative = entry.get(INT, RELATIVE_OFFSET);
                    int position = entry.get(INT, POSITION);
                    if (relative < 0 || position < 0 || position >= segmentBytes) {
                        throw new KafkaFormatException("offset index entry " + i + " (relative offset " + relative
                                + ", position " + position + ") out of range of a segment of " + segmentBytes + " bytes");
                    }
                    if (!index.followsLast(relative, position)) {
                        throw new KafkaFormatException("offset index entry " + i + " (relative offset " + relative
                                + ", position " + position + ") does not follow the one before it");
                    }
                    index.append(baseOffset + relative, position);
                });
    }

    private long offset(int n) {
        return baseOffset() + entries.intAt(n, RELATIVE_OFFSET);
    }

    /** Both an entry's offset and its position strictly increase. */
    private boolean followsLast(int relative, int position) {
        int last = entries() - 1;
        return last < 0 || (relative > entries.intAt(last, RELATIVE_OFFSET) && position > entries.intAt(last, POSITION));
    }
}
