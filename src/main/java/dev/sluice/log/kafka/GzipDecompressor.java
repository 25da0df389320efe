package dev.sluice.log.kafka;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/** gzip, as Kafka writes it ({@code GZIPOutputStream}): one gzip member (or several, read one after another). */
final class GzipDecompressor implements Decompressor {
    static final GzipDecompressor INSTANCE = new GzipDecompressor();

    private GzipDecompressor() {
    }

    @Override
    public Throwable absence() {
        return null; // the JDK's
    }

    @Override
    public void decompress(byte[] in, int from, int length, BoundedBytes out) throws IOException {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(in, from, length), 8192)) {
            out.readAll(gzip);
        }
    }
}
