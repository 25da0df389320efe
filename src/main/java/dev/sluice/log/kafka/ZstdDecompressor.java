package dev.sluice.log.kafka;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Zstandard, as Kafka writes it (zstd-jni's {@code ZstdOutputStreamNoFinalizer}): standard zstd
 * frames, read with zstd-jni's streaming decoder, whose window is bounded by zstd's own default
 * limit (2^27 bytes) whatever a frame header asks for.
 */
final class ZstdDecompressor implements Decompressor {
    static final ZstdDecompressor INSTANCE = new ZstdDecompressor();

    private ZstdDecompressor() {
    }

    /** zstd-jni, looked up the first time a zstd batch is decoded. */
    private static final class Library {
        /** {@code new ZstdInputStreamNoFinalizer(InputStream)}, as (InputStream)InputStream. */
        static final MethodHandle NEW_STREAM;
        static final Throwable ABSENCE;

        static {
            MethodHandle stream = null;
            Throwable absence = null;
            try {
                Class<?> c = CodecLibrary.load("com.github.luben.zstd.ZstdInputStreamNoFinalizer");
                stream = CodecLibrary.LOOKUP.findConstructor(c, MethodType.methodType(void.class, InputStream.class))
                        .asType(MethodType.methodType(InputStream.class, InputStream.class));
            } catch (Throwable e) {
                absence = CodecLibrary.absence(e);
            }
            NEW_STREAM = stream;
            ABSENCE = absence;
        }
    }

    @Override
    public Throwable absence() {
        return Library.ABSENCE;
    }

    @Override
    public void decompress(byte[] in, int from, int length, BoundedBytes out) throws IOException {
        InputStream zstd;
        try {
            zstd = (InputStream) Library.NEW_STREAM.invokeExact((InputStream) new ByteArrayInputStream(in, from, length));
        } catch (Throwable e) {
            throw CodecLibrary.malformed(e);
        }
        try (zstd) { // native memory: closed, never left to a finalizer
            out.readAll(zstd);
        } catch (RuntimeException e) {
            throw CodecLibrary.malformed(e);
        }
    }
}
