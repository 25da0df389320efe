package dev.sluice.log;

/** One record read back from the log. */
public record Record(long offset, long timestamp, byte[] payload) {
}
