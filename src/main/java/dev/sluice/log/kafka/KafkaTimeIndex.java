package dev.sluice.log.kafka;

import java.lang.foreign.MemorySegment;

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
    public static final long MAX_BASE_OFFSET = FixedEntryIndex.MAX_BASE_OFFSET;

    private static final int TIMESTAMP = 0;
    private static final int RELATIVE_OFFSET = 8;

    private final FixedEntryIndex entries;

    /**
     * An empty index.
     *
     * @param baseOffset the segment's base offset, at most {@link #MAX_BASE_OFFSET}
     */
    public KafkaTimeIndex(long baseOffset) {
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
    public TimestampOffset entry(int n) {
        return new TimestampOffset(timestamp(n), baseOffset() + entries.intAt(n, RELATIVE_OFFSET));
    }

    /** {@return the last entry, or ({@link TimestampOffset#NO_TIMESTAMP}, base offset) when there is none, as in Kafka} */
    public TimestampOffset lastEntry() {
        return entries() == 0 ? new TimestampOffset(TimestampOffset.NO_TIMESTAMP, baseOffset()) : entry(entries() - 1);
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
        int relative = entries.relative(offset);
        if (entries() > 0 && (offset < last.offset() || timestamp < last.timestamp())) {
            throw new IllegalArgumentException("entry (" + timestamp + ", " + offset + ") goes back from the last entry "
                    + last);
        }
        if (timestamp <= last.timestamp()) {
            return;
        }
        MemorySegment entry = entries.append();
        entry.set(LONG, TIMESTAMP, timestamp);
        entry.set(INT, RELATIVE_OFFSET, relative);
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
        int found = entries.lastAtMost(targetTimestamp, this::timestamp);
        return found < 0 ? new TimestampOffset(TimestampOffset.NO_TIMESTAMP, baseOffset()) : entry(found);
    }

    /** {@return the bytes of the {@code .timeindex} file: the entries and nothing else} */
    public byte[] toBytes() {
        return entries.toBytes();
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
        return FixedEntryIndex.read(bytes, ENTRY_BYTES, "time index", true, () -> new KafkaTimeIndex(baseOffset),
                (index, i, entry) -> {
                    long timestamp = entry.get(LONG, TIMESTAMP);
                    int relative = entry.get(INT, RELATIVE_OFFSET);
                    if (relative < 0) {
                        throw new KafkaFormatException("time index entry " + i + " has a negative relative offset " + relative);
                    }
                    TimestampOffset last = index.lastEntry();
                    if (index.entries() == 0 && timestamp <= TimestampOffset.NO_TIMESTAMP) {
                        throw new KafkaFormatException("time index entry 0 has timestamp " + timestamp
                                + " (Kafka indexes only timestamps above -1)");
                    }
                    if (timestamp <= last.timestamp() || (index.entries() > 0 && baseOffset + relative < last.offset())) {
                        throw new KafkaFormatException("time index entry " + i + " (timestamp " + timestamp
                                + ", relative offset " + relative + ") does not follow the one before it");
                    }
                    index.maybeAppend(timestamp, baseOffset + relative);
                });
    }

    private long timestamp(int n) {
        return entries.longAt(n, TIMESTAMP);
    }
}
