package dev.sluice.log;

/**
 * How a reader gets data ahead of its cursor.
 *
 * @param kind the policy
 * @param windowBytes for {@link Kind#EXPLICIT}: how far ahead of the cursor the page cache is kept filled
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
         * The page cache kept filled a window ahead of the cursor by a background thread, on top of the
         * kernel's own read-ahead: sendfile(2) to /dev/null, 1 MiB per call, from a descriptor of the
         * segment of its own, so the kernel reads ahead for it in its largest requests (readahead(2)
         * where the segment cannot be opened again, without /proc); a failed call only ends the
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
     * The page cache kept filled {@code window} bytes ahead of the cursor from a background thread; see
     * {@link Kind#EXPLICIT}.
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
