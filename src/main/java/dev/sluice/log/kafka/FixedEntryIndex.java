package dev.sluice.log.kafka;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;

import static dev.sluice.log.kafka.KafkaBatchHeader.INT;
import static dev.sluice.log.kafka.KafkaBatchHeader.LONG;

/**
 * What Kafka's two sparse index files have in common: a segment's base offset and a run of
 * fixed-width, big-endian entries, held in memory exactly as the file holds them, appended in
 * order and searched by a key that never decreases. {@link KafkaOffsetIndex} and
 * {@link KafkaTimeIndex} say what an entry holds and what "in order" means.
 */
final class FixedEntryIndex {
    /** The largest base offset: every int32 relative offset from it is still a long. */
    static final long MAX_BASE_OFFSET = Long.MAX_VALUE - Integer.MAX_VALUE;

    private static final int INITIAL_ENTRIES = 16;
    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private final long baseOffset;
    private final int entryBytes;
    private byte[] array;
    private MemorySegment bytes; // over array
    private int entries;

    FixedEntryIndex(long baseOffset, int entryBytes) {
        if (baseOffset < 0 || baseOffset > MAX_BASE_OFFSET) {
            throw new IllegalArgumentException("base offset must be in [0, " + MAX_BASE_OFFSET + "], was " + baseOffset);
        }
        this.baseOffset = baseOffset;
        this.entryBytes = entryBytes;
        this.array = new byte[INITIAL_ENTRIES * entryBytes];
        this.bytes = MemorySegment.ofArray(array);
    }

    long baseOffset() {
        return baseOffset;
    }

    int entries() {
        return entries;
    }

    /**
     * The int32 field {@code field} bytes into entry {@code n}.
     *
     * @throws IndexOutOfBoundsException if there is no entry {@code n}
     */
    int intAt(int n, int field) {
        return bytes.get(INT, at(n) + field);
    }

    /**
     * The int64 field {@code field} bytes into entry {@code n}.
     *
     * @throws IndexOutOfBoundsException if there is no entry {@code n}
     */
    long longAt(int n, int field) {
        return bytes.get(LONG, at(n) + field);
    }

    /**
     * {@code offset} relative to the base offset, as an entry holds it.
     *
     * @throws IllegalArgumentException if it is below the base offset or 2^31 or more past it
     */
    int relative(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " is out of range of a segment based at " + baseOffset);
        }
        return (int) relative;
    }

    /** Adds an entry after the last and returns its bytes, zeros, for the caller to fill in. */
    MemorySegment append() {
        if ((long) (entries + 1) * entryBytes > array.length) {
            grow();
        }
        MemorySegment entry = bytes.asSlice((long) entries * entryBytes, entryBytes);
        entries++;
        return entry;
    }

    /**
     * The last entry whose key is at most {@code target}, by binary search, or -1 if there is none.
     *
     * @param key entry number to key; it must not decrease from one entry to the next
     */
    int lastAtMost(long target, IntToLongFunction key) {
        int low = 0;
        int high = entries - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (key.applyAsLong(mid) <= target) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** {@return the entries as the index file holds them, and nothing else} */
    byte[] toBytes() {
        return Arrays.copyOf(array, entries * entryBytes);
    }

    /** What to do with each entry an index file holds, in order. */
    interface EntryReader<I> {
        /**
         * @param index the index being read
         * @param number the entry's number in the file, from 0
         * @param entry its bytes
         * @throws KafkaFormatException if the entry is not one Kafka writes there
         */
        void read(I index, long number, MemorySegment entry) throws KafkaFormatException;
    }

    /**
     * Reads an index file into a new index. An entry of zeros after which only zeros follow ends the
     * file: Kafka preallocates the active segment's index files, and an unclean stop leaves the zeros.
     *
     * @param file the file's contents
     * @param entryBytes bytes per entry
     * @param kind what the file is, for messages ("offset index")
     * @param firstZeroIsAnEntry whether a zero first entry is a real one rather than the start of the
     *                           zeros (where an entry of zeros can be real, only the first can)
     * @param empty makes the empty index, once the file's size is known to be whole entries
     * @param each checks one entry and adds it
     * @throws KafkaFormatException if the size is not a whole number of entries, an entry of zeros has
     *         entries after it, or {@code each} refuses an entry
     */
    static <I> I read(MemorySegment file, int entryBytes, String kind, boolean firstZeroIsAnEntry, Supplier<I> empty,
                      EntryReader<I> each) throws KafkaFormatException {
        if (file.byteSize() % entryBytes != 0) {
            throw new KafkaFormatException(kind + " of " + file.byteSize() + " bytes is not a multiple of " + entryBytes);
        }
        I index = empty.get();
        long count = file.byteSize() / entryBytes;
        for (long i = 0; i < count; i++) {
            MemorySegment entry = file.asSlice(i * entryBytes, entryBytes);
            if ((i > 0 || !firstZeroIsAnEntry) && allZero(entry)) {
                if (!allZero(file.asSlice(i * entryBytes))) {
                    throw new KafkaFormatException(kind + " entry " + i + " is zero but entries follow it");
                }
                break;
            }
            each.read(index, i, entry);
        }
        return index;
    }

    /** Doubles the room, up to the largest array: more than any index Kafka writes (its size is an int32). */
    private void grow() {
        long room = Math.min(2L * array.length, (MAX_ARRAY_BYTES / entryBytes) * entryBytes);
        if (room <= array.length) {
            throw new IllegalStateException("an index of " + entries + " entries is as large as it can be");
        }
        array = Arrays.copyOf(array, (int) room);
        bytes = MemorySegment.ofArray(array);
    }

    private long at(int n) {
        if (n < 0 || n >= entries) {
            throw new IndexOutOfBoundsException("entry " + n + " of " + entries);
        }
        return (long) n * entryBytes;
    }

    private static boolean allZero(MemorySegment bytes) {
        for (long at = 0; at < bytes.byteSize(); at++) {
            if (bytes.get(ValueLayout.JAVA_BYTE, at) != 0) {
                return false;
            }
        }
        return true;
    }
}
