package dev.sluice.log.kafka;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Snappy, as Kafka writes it (snappy-java's {@code SnappyOutputStream}): a 16-byte header (the magic
 * {@code 0x82 "SNAPPY" 0x00}, then two big-endian int32 versions), then chunks, each a big-endian
 * int32 length and that many bytes of raw snappy. A stream may repeat the header between chunks
 * (streams written one after another). A stream that does not start with the magic is read as one
 * raw snappy block, as snappy-java's {@code SnappyInputStream} (and so Kafka) reads it.
 *
 * <p>The framing is read here, not by snappy-java's {@code SnappyInputStream}, so every length is
 * checked against the bytes there are, and each chunk's decompressed size against the limit, before
 * anything is allocated for it.
 */
final class SnappyDecompressor implements Decompressor {
    static final SnappyDecompressor INSTANCE = new SnappyDecompressor();

    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER_BYTES = MAGIC.length + 8;

    private SnappyDecompressor() {
    }

    /** snappy-java, looked up the first time a snappy batch is decoded. */
    private static final class Library {
        /** {@code int Snappy.uncompressedLength(byte[], int, int)}: the raw block's length preamble. */
        static final MethodHandle UNCOMPRESSED_LENGTH;
        /** {@code int Snappy.uncompress(byte[], int, int, byte[], int)}. */
        static final MethodHandle UNCOMPRESS;
        static final Throwable ABSENCE;

        static {
            MethodHandle length = null;
            MethodHandle uncompress = null;
            Throwable absence = null;
            try {
                Class<?> snappy = CodecLibrary.load("org.xerial.snappy.Snappy");
                length = CodecLibrary.LOOKUP.findStatic(snappy, "uncompressedLength",
                        MethodType.methodType(int.class, byte[].class, int.class, int.class));
                uncompress = CodecLibrary.LOOKUP.findStatic(snappy, "uncompress",
                        MethodType.methodType(int.class, byte[].class, int.class, int.class, byte[].class, int.class));
            } catch (Throwable e) {
                absence = CodecLibrary.absence(e);
            }
            UNCOMPRESSED_LENGTH = length;
            UNCOMPRESS = uncompress;
            ABSENCE = absence;
        }
    }

    @Override
    public Throwable absence() {
        return Library.ABSENCE;
    }

    @Override
    public void decompress(byte[] in, int from, int length, BoundedBytes out) throws IOException {
        int end = from + length;
        if (length < HEADER_BYTES || !hasMagic(in, from, end)) {
            block(in, from, length, out);
            return;
        }
        int position = from + HEADER_BYTES;
        while (position < end) {
            if (end - position < 4) {
                throw new IOException((end - position) + " bytes after the last chunk, too few for a chunk length");
            }
            if (hasMagic(in, position, end)) {
                if (end - position < HEADER_BYTES || readInt(in, position + MAGIC.length) < 1) {
                    throw new IOException("a broken stream header at byte " + (position - from));
                }
                position += HEADER_BYTES;
                continue;
            }
            int chunk = readInt(in, position);
            position += 4;
            if (chunk < 0 || chunk > end - position) {
                throw new IOException("a chunk of " + chunk + " bytes at byte " + (position - 4 - from) + ", "
                        + (end - position) + " bytes left");
            }
            block(in, position, chunk, out);
            position += chunk;
        }
    }

    /** One raw snappy block: its preamble says how large it decompresses, which is checked first. */
    private static void block(byte[] in, int from, int length, BoundedBytes out) throws IOException {
        int size;
        int written;
        try {
            size = (int) Library.UNCOMPRESSED_LENGTH.invokeExact(in, from, length);
            if (size < 0) {
                throw new IOException("a snappy block claims " + Integer.toUnsignedLong(size) + " bytes");
            }
            out.reserve(size); // snappy writes exactly `size` bytes, which must fit at out.size()
            written = (int) Library.UNCOMPRESS.invokeExact(in, from, length, out.array(), out.size());
        } catch (Throwable e) {
            throw CodecLibrary.malformed(e);
        }
        if (written != size) {
            throw new IOException("a snappy block claims " + size + " bytes and holds " + written);
        }
        out.advance(written);
    }

    private static boolean hasMagic(byte[] in, int at, int end) {
        if (end - at < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (in[at + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static int readInt(byte[] in, int at) {
        return (in[at] & 0xff) << 24 | (in[at + 1] & 0xff) << 16 | (in[at + 2] & 0xff) << 8 | (in[at + 3] & 0xff);
    }
}
