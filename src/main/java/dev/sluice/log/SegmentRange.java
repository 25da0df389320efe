package dev.sluice.log;

import java.nio.file.Path;

/**
 * The bytes of one segment file that hold a range of offsets, whole batches from a batch boundary:
 * what to hand to {@code dev.sluice.cache.PageCache} to warm, evict or lock an offset range.
 *
 * @param file the segment file
 * @param position where the range's first batch starts
 * @param length the bytes up to the end of its last batch
 * @param firstOffset the first offset of the range's first batch
 * @param nextOffset the offset after the range's last batch
 */
public record SegmentRange(Path file, long position, long length, long firstOffset, long nextOffset) {
}
