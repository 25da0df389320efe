package dev.sluice.log;

/**
 * How a reader gets data ahead of its cursor.
 *
 * @param kind the policy
 * @param windowBytes for {@link Kind#EXPLICIT}: how far ahead of the cursor readahead(2) is kept
 */
public record ReadAhead(Kind kind, long windowBytes) {
    /** The read-ahead policies. */
    public enum Kind {
        /** The kernel's own read-ahead for the device. */
        KERNEL_DEFAULT,
        /** POSIX_FADV_SEQUENTIAL on the reader's own descriptor (larger kernel read-ahead). */
        SEQUENTIAL,
        /** POSIX_FADV_RANDOM: no read-ahead. */
        RANDOM,
        /**
         * readahead(2) kept a window ahead of the cursor, one device read-ahead window per call, from a
         * background thread (the call blocks while it submits its I/O); a failed call only ends the
         * read-ahead for that segment.
         */
        EXPLICIT,
        /**
         * Reads from a mapping of the segment under MADV_SEQUENTIAL, populated (MADV_POPULATE_READ) 8 MiB
         * at a time ahead of the cursor; before Linux 5.14, a MAP_POPULATE mapping.
         */
        MMAP_POPULATE
    }

    /**
     * Checks the policy.
     *
     * @throws IllegalArgumentException if {@code EXPLICIT} has no positive window
     */
    public ReadAhead {
        if (kind == Kind.EXPLICIT && windowBytes <= 0) {
            throw new IllegalArgumentException("explicit read-ahead needs a window > 0");
        }
    }

    /** {@return the kernel's own read-ahead, untouched} */
    public static ReadAhead kernelDefault() {
        return new ReadAhead(Kind.KERNEL_DEFAULT, 0);
    }

    /** {@return POSIX_FADV_SEQUENTIAL on the reader's own descriptor} */
    public static ReadAhead sequential() {
        return new ReadAhead(Kind.SEQUENTIAL, 0);
    }

    /** {@return POSIX_FADV_RANDOM on the reader's own descriptor: no read-ahead} */
    public static ReadAhead random() {
        return new ReadAhead(Kind.RANDOM, 0);
    }

    /**
     * readahead(2) kept {@code window} bytes ahead of the cursor, one device read-ahead window per call.
     *
     * @param window how far ahead, more than 0
     * @return the policy
     */
    public static ReadAhead explicit(DataSize window) {
        return new ReadAhead(Kind.EXPLICIT, window.bytes());
    }

    /** {@return reads from a mapping of each segment, populated a window at a time ahead of the cursor} */
    public static ReadAhead mmapPopulate() {
        return new ReadAhead(Kind.MMAP_POPULATE, 0);
    }
}
