package dev.sluice.log.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes a codec decompresses, gathered in one growing array that never grows past a limit: a
 * batch that inflates (or claims to) past the limit stops with {@link LimitExceeded} before the
 * memory is allocated, so a corrupt or hostile batch costs at most the limit.
 */
final class BoundedBytes {
    /** The decompressed bytes would pass the limit. */
    static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(int limit) {
            super("more than " + limit + " bytes", null);
        }
    }

    private static final int MIN_CAPACITY = 4096;

    private final int limit;
    private byte[] bytes;
    private int size;

    /**
     * @param sizeHint the capacity to start with (capped at the limit)
     * @param limit the most bytes there may be, at most {@link Integer#MAX_VALUE} - 8
     */
    BoundedBytes(int sizeHint, int limit) {
        this.limit = limit;
        this.bytes = new byte[Math.min(limit, Math.max(MIN_CAPACITY, sizeHint))];
    }

    int size() {
        return size;
    }

    /** {@return the array the bytes are in; valid until the next call that adds bytes} */
    byte[] array() {
        return bytes;
    }

    /** Makes room for {@code n} more bytes at {@link #size()}, or fails if they would pass the limit. */
    void reserve(int n) throws LimitExceeded {
        if (!tryReserve(n)) {
            throw new LimitExceeded(limit);
        }
    }

    /** Makes room for {@code n} more bytes at {@link #size()} if they stay within the limit; whether it did. */
    boolean tryReserve(int n) {
        if (n < 0 || n > limit - size) {
            return false;
        }
        if (n > bytes.length - size) {
            long grown = Math.max((long) size + n, 2L * bytes.length);
            bytes = Arrays.copyOf(bytes, (int) Math.min(grown, limit));
        }
        return true;
    }

    /** Counts {@code n} bytes written into {@link #array()} at {@link #size()} after a {@link #reserve}. */
    void advance(int n) {
        if (n < 0 || n > bytes.length - size) {
            throw new IllegalArgumentException("advance " + n + " at " + size + " of " + bytes.length);
        }
        size += n;
    }

    /** Copies {@code n} bytes of {@code src} from {@code from}. */
    void append(byte[] src, int from, int n) throws LimitExceeded {
        reserve(n);
        System.arraycopy(src, from, bytes, size, n);
        size += n;
    }

    /** Reads {@code in} to its end; fails once it has given more bytes than the limit. */
    void readAll(InputStream in) throws IOException {
        while (true) {
            if (size == bytes.length) {
                if (size == limit) {
                    if (in.read() != -1) {
                        throw new LimitExceeded(limit);
                    }
                    return;
                }
                tryReserve(Math.min(bytes.length, limit - size));
            }
            int n = in.read(bytes, size, bytes.length - size);
            if (n < 0) {
                return;
            }
            size += n;
        }
    }
}
