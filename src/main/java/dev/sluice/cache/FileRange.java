package dev.sluice.cache;

/**
 * A byte range of a file widened to whole pages and clipped to the file's size. A length of 0 means
 * "to the end of the file".
 */
record FileRange(long start, long end, long pageSize) {
    static FileRange of(long offset, long length, long fileSize, long pageSize) {
        if (offset < 0 || length < 0 || offset + length < 0) {
            throw new IllegalArgumentException("bad range: offset=" + offset + ", length=" + length);
        }
        long requestedEnd = length == 0 ? fileSize : Math.min(offset + length, fileSize);
        long start = Math.min(offset, fileSize) / pageSize * pageSize;
        long end = Math.max(start, requestedEnd);
        return new FileRange(start, end, pageSize);
    }

    long length() {
        return end - start;
    }

    long pages() {
        return (length() + pageSize - 1) / pageSize;
    }
}
