package dev.sluice.log;

/**
 * A batch's header as the log's code needs it, whichever the format: the batch at {@code position}
 * spans {@code size} bytes and holds offsets {@code baseOffset} to {@code nextOffset - 1}.
 *
 * @param position where the batch starts in its segment
 * @param size the batch's bytes, header included
 * @param baseOffset the batch's first offset
 * @param nextOffset the offset after its last
 * @param maxTimestamp the largest timestamp of its records
 */
record BatchHeader(long position, long size, long baseOffset, long nextOffset, long maxTimestamp) {
    long end() {
        return position + size;
    }

    long lastOffset() {
        return nextOffset - 1;
    }
}
