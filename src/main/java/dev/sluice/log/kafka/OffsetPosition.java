package dev.sluice.log.kafka;

/**
 * An entry of the {@code .index}: a batch whose last offset is {@code offset} starts at byte
 * {@code position} of its segment.
 *
 * @param offset an absolute offset (the file stores it relative to the segment's base offset)
 * @param position a byte position in the segment
 */
public record OffsetPosition(long offset, int position) {
}
