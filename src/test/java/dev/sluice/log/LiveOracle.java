package dev.sluice.log;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.CRC32C;

/**
 * The acknowledged appends of a live log, as offset -> a 64-bit digest of the payload (CRC32C and
 * length, never 0). An offset is recorded once, by the thread whose append returned it; a second
 * recording of an offset is a contract violation (two appends got the same offset). Readers look
 * offsets up, waiting a little for one whose append is written but not yet returned.
 */
final class LiveOracle {
    private static final int PAGE_BITS = 16;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final int PAGES = 1 << 14; // 2^30 offsets

    private final AtomicReferenceArray<AtomicLongArray> pages = new AtomicReferenceArray<>(PAGES);

    /** The digest of a payload, as the oracle keeps it. */
    static long digest(MemorySegment payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload.asByteBuffer());
        return (crc.getValue() << 32) | (payload.byteSize() & 0x7fffffffL) | 0x8000_0000L;
    }

    static long digest(byte[] payload) {
        return digest(MemorySegment.ofArray(payload));
    }

    /** Records an acknowledged append; fails if the offset was acknowledged before. */
    void acknowledge(long offset, long digest) {
        AtomicLongArray page = page(offset, true);
        if (!page.compareAndSet((int) (offset & (PAGE - 1)), 0, digest)) {
            throw new AssertionError("offset " + offset + " was returned by two appends");
        }
    }

    /** The digest acknowledged for {@code offset}, or 0 if none is (yet). */
    long digestAt(long offset) {
        AtomicLongArray page = page(offset, false);
        return page == null ? 0 : page.get((int) (offset & (PAGE - 1)));
    }

    /**
     * The digest for {@code offset}, waiting up to {@code timeoutMillis} for its append to return: a
     * reader can see a record between its write and its acknowledgement.
     */
    long await(long offset, long timeoutMillis) {
        long d = digestAt(offset);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (d == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
            d = digestAt(offset);
        }
        return d;
    }

    /** The first offset in [0, end) never acknowledged, or -1 if every one was. */
    long firstGap(long end) {
        for (long o = 0; o < end; o++) {
            if (digestAt(o) == 0) {
                return o;
            }
        }
        return -1;
    }

    private AtomicLongArray page(long offset, boolean create) {
        int index = (int) (offset >>> PAGE_BITS);
        if (offset < 0 || index >= PAGES) {
            throw new AssertionError("offset " + offset + " out of the oracle's range");
        }
        AtomicLongArray page = pages.get(index);
        if (page == null && create) {
            pages.compareAndSet(index, null, new AtomicLongArray(PAGE));
            page = pages.get(index);
        }
        return page;
    }
}
