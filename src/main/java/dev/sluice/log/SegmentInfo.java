package dev.sluice.log;

/**
 * A segment as {@code sluice log stat} shows it.
 *
 * @param records offsets in the segment ({@code lastOffset - baseOffset + 1}), 0 if empty
 * @param lastOffset the last offset in the segment, or {@code baseOffset - 1} if empty
 */
public record SegmentInfo(String name, long baseOffset, long sizeBytes, long records, long lastOffset, boolean active) {
}
