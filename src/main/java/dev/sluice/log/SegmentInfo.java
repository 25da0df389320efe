package dev.sluice.log;

/**
 * A segment as {@code sluice log stat} shows it.
 *
 * @param name the segment's file name
 * @param baseOffset the first offset in the segment
 * @param sizeBytes the bytes of batches in it (its logical end, not the allocated size)
 * @param records offsets in the segment ({@code lastOffset - baseOffset + 1}), 0 if empty
 * @param lastOffset the last offset in the segment, or {@code baseOffset - 1} if empty
 * @param active whether this is the segment appends go to (not yet sealed)
 */
public record SegmentInfo(String name, long baseOffset, long sizeBytes, long records, long lastOffset, boolean active) {
}
