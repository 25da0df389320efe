package dev.sluice.log.kafka;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static dev.sluice.log.kafka.KafkaBatchHeader.INT;
import static dev.sluice.log.kafka.KafkaBatchHeader.LONG;

/**
 * A segment's sparse time index, the {@code .timeindex} file: entries of int64 timestamp and
 * int32 offset relative to the segment's base offset, big-endian. Each entry is the largest
 * timestamp in the segment up to some batch, with the last offset of the batch that holds it, so
 * timestamps strictly increase. Entries are added as Kafka's {@code TimeIndex.maybeAppend} adds
 * them: only when the timestamp is larger than the last entry's.
 */
public final class KafkaTimeIndex {
    /** Bytes per entry. */
    public static final int ENTRY_BYTES = 12;

    /** The largest base offset: every int32 relative offset from it is still a long. */
    public static final long MAX_BASE_OFFSET = Long.MAX_VALUE - Integer.MAX_VALUE;

    private final long baseOffset;
    private long[] timestamps = new long[16];
    private int[] relativeOffsets = new int[16];
    private int entries;

    /**
     * An empty index.
     *
     * @param baseOffset the segment's base offset, at most {@link #MAX_BASE_OFFSET}
     */
    public KafkaTimeIndex(long baseOffset) {
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
    public TimestampOffset entry(int n) {
        if (n < 0 || n >= entries) {
            throw new IndexOutOfBoundsException("entry " + n + " of " + entries);
        }
        return new TimestampOffset(timestamps[n], baseOffset + relativeOffsets[n]);
    }

    /** {@return the last entry, or ({@link TimestampOffset#NO_TIMESTAMP}, base offset) when there is none, as in Kafka} */
    public TimestampOffset lastEntry() {
        return entries == 0 ? new TimestampOffset(TimestampOffset.NO_TIMESTAMP, baseOffset) : entry(entries - 1);
    }

    /**
     * Adds an entry if {@code timestamp} is larger than the last entry's (the first entry: larger
     * than {@link TimestampOffset#NO_TIMESTAMP}); an equal timestamp is ignored, as Kafka ignores
     * the same entry appended again at a roll or close.
     *
     * @param timestamp the largest timestamp so far
     * @param offset the last offset of the batch holding it
     * @throws IllegalArgumentException if the timestamp or the offset is smaller than the last
     *         entry's, or the offset is out of the segment's range
     */
    public void maybeAppend(long timestamp, long offset) {
        TimestampOffset last = lastEntry();
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " is out of range of a segment based at " + baseOffset);
        }
        if (entries > 0 && (offset < last.offset() || timestamp < last.timestamp())) {
            throw new IllegalArgumentException("entry (" + timestamp + ", " + offset + ") goes back from the last entry "
                    + last);
        }
        if (timestamp <= last.timestamp()) {
            return;
        }
        if (entries == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, entries * 2);
            relativeOffsets = Arrays.copyOf(relativeOffsets, entries * 2);
        }
        timestamps[entries] = timestamp;
        relativeOffsets[entries] = (int) relative;
        entries++;
    }

    /**
     * As Kafka's {@code TimeIndex.lookup}: the entry with the largest timestamp at most
     * {@code targetTimestamp}, or ({@link TimestampOffset#NO_TIMESTAMP}, base offset) if there is
     * none. Every record before that entry's batch has a timestamp below {@code targetTimestamp},
     * so a search for the first record at or after it can start there.
     *
     * @param targetTimestamp milliseconds since the epoch
     * @return the entry
     */
    public TimestampOffset lookup(long targetTimestamp) {
        int low = 0;
        int high = entries - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (timestamps[mid] <= targetTimestamp) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found < 0 ? new TimestampOffset(TimestampOffset.NO_TIMESTAMP, baseOffset) : entry(found);
    }

    /** {@return the bytes of the {@code .timeindex} file: the entries and nothing else} */
    public byte[] toBytes() {
        byte[] bytes = new byte[entries * ENTRY_BYTES];
        MemorySegment out = MemorySegment.ofArray(bytes);
        for (int i = 0; i < entries; i++) {
            out.set(LONG, (long) i * ENTRY_BYTES, timestamps[i]);
            out.set(INT, (long) i * ENTRY_BYTES + 8, relativeOffsets[i]);
        }
        return bytes;
    }

    /**
     * Reads a {@code .timeindex} file. After the first entry, an entry of zeros after which only
     * zeros follow ends it (the preallocated tail of an unclean stop; the first entry can be a real
     * timestamp 0 at the base offset).
     *
     * @param bytes the file's contents
     * @param baseOffset the segment's base offset
     * @return the index
     * @throws KafkaFormatException if the size is not a whole number of entries, or timestamps do
     *         not strictly increase, or offsets decrease or are below the base offset
     */
    public static KafkaTimeIndex read(MemorySegment bytes, long baseOffset) throws KafkaFormatException {
        if (bytes.byteSize() % ENTRY_BYTES != 0) {
            throw new KafkaFormatException("time index of " + bytes.byteSize() + " bytes is not a multiple of "
                    + ENTRY_BYTES);
        }
        KafkaTimeIndex index = new KafkaTimeIndex(baseOffset);
        long count = bytes.byteSize() / ENTRY_BYTES;
        for (long i = 0; i < count; i++) {
            long timestamp = bytes.get(LONG, i * ENTRY_BYTES);
            int relative = bytes.get(INT, i * ENTRY_BYTES + 8);
            if (i > 0 && timestamp == 0 && relative == 0) {
                if (!IndexZeros.allZeroFrom(bytes, i * ENTRY_BYTES)) {
                    throw new KafkaFormatException("time index entry " + i + " is zero but entries follow it");
                }
                break;
            }
            if (relative < 0) {
                throw new KafkaFormatException("time index entry " + i + " has a negative relative offset " + relative);
            }
            TimestampOffset last = index.lastEntry();
            if (index.entries == 0 && timestamp <= TimestampOffset.NO_TIMESTAMP) {
                throw new KafkaFormatException("time index entry 0 has timestamp " + timestamp
                        + " (Kafka indexes only timestamps above -1)");
            }
            if (timestamp <= last.timestamp() || (index.entries > 0 && baseOffset + relative < last.offset())) {
                throw new KafkaFormatException("time index entry " + i + " (timestamp " + timestamp + ", relative offset "
                        + relative + ") does not follow the one before it");
            }
            index.maybeAppend(timestamp, baseOffset + relative);
        }
        return index;
    }
}
