package dev.sluice.log.kafka;

import java.io.IOException;

/**
 * One codec's decompression of a batch's records section, in the stream framing Kafka writes for it.
 * The codec's library (all but gzip's) is looked up at run time, the first time it is needed, so the
 * library classes are linked only where they are on the class path.
 */
interface Decompressor {
    /**
     * Why the codec cannot be used in this JVM (its library is absent, or failed to load), or null.
     *
     * @return the failure of the look-up, or null if the codec works
     */
    Throwable absence();

    /**
     * Decompresses {@code in[from, from + length)} into {@code out}.
     *
     * @throws BoundedBytes.LimitExceeded if the bytes pass {@code out}'s limit
     * @throws IOException saying what is malformed
     */
    void decompress(byte[] in, int from, int length, BoundedBytes out) throws IOException;
}
