package dev.sluice.log.kafka;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * LZ4, as Kafka writes it (its {@code Lz4BlockOutputStream}): one LZ4 frame, little-endian.
 * <pre>
 * magic 0x184D2204 (int32)
 * FLG   version 01 (bits 6-7), independent blocks (5, must be set), block checksum (4),
 *       content size (3), content checksum (2), reserved (0-1, zero)
 * BD    block maximum size (bits 4-6: 4..7 = 64 KiB, 256 KiB, 1 MiB, 4 MiB), the other bits zero
 * [content size, int64, skipped]
 * HC    (xxHash32 of FLG..content size, seed 0) &gt;&gt; 8 &amp; 0xFF
 * blocks: int32 size (high bit: stored uncompressed; 0: the end mark), data, [xxHash32 of the data]
 * [content checksum after the end mark, int32, skipped as Kafka skips it]
 * </pre>
 * Kafka checks HC for v2 batches and ignores whatever follows the end mark; so does this.
 */
final class Lz4Decompressor implements Decompressor {
    static final Lz4Decompressor INSTANCE = new Lz4Decompressor();

    private static final int MAGIC = 0x184D2204;
    private static final int UNCOMPRESSED_BLOCK = 0x80000000;

    private Lz4Decompressor() {
    }

    /** lz4-java, looked up the first time an lz4 batch is decoded: the instances Kafka uses. */
    private static final class Library {
        /** {@code LZ4Factory.fastestInstance().safeDecompressor().decompress(byte[], int, int, byte[], int, int)}. */
        static final MethodHandle DECOMPRESS;
        /** {@code XXHashFactory.fastestInstance().hash32().hash(byte[], int, int, int)}. */
        static final MethodHandle XXHASH32;
        static final Throwable ABSENCE;

        static {
            MethodHandle decompress = null;
            MethodHandle hash = null;
            Throwable absence = null;
            try {
                Class<?> factory = CodecLibrary.load("net.jpountz.lz4.LZ4Factory");
                Class<?> safe = CodecLibrary.load("net.jpountz.lz4.LZ4SafeDecompressor");
                Object instance = CodecLibrary.LOOKUP.findStatic(factory, "fastestInstance", MethodType.methodType(factory))
                        .invoke();
                Object decompressor = CodecLibrary.LOOKUP.findVirtual(factory, "safeDecompressor", MethodType.methodType(safe))
                        .invoke(instance);
                decompress = CodecLibrary.LOOKUP.findVirtual(safe, "decompress", MethodType.methodType(int.class,
                        byte[].class, int.class, int.class, byte[].class, int.class, int.class)).bindTo(decompressor);
                Class<?> hashFactory = CodecLibrary.load("net.jpountz.xxhash.XXHashFactory");
                Class<?> hash32 = CodecLibrary.load("net.jpountz.xxhash.XXHash32");
                Object hashInstance = CodecLibrary.LOOKUP.findStatic(hashFactory, "fastestInstance",
                        MethodType.methodType(hashFactory)).invoke();
                Object hasher = CodecLibrary.LOOKUP.findVirtual(hashFactory, "hash32", MethodType.methodType(hash32))
                        .invoke(hashInstance);
                hash = CodecLibrary.LOOKUP.findVirtual(hash32, "hash", MethodType.methodType(int.class,
                        byte[].class, int.class, int.class, int.class)).bindTo(hasher);
            } catch (Throwable e) {
                absence = CodecLibrary.absence(e);
            }
            DECOMPRESS = decompress;
            XXHASH32 = hash;
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
        if (length < 7) {
            throw new IOException("an LZ4 frame of " + length + " bytes is shorter than its header");
        }
        if (readIntLE(in, from) != MAGIC) {
            throw new IOException("not an LZ4 frame (magic 0x" + Integer.toHexString(readIntLE(in, from)) + ")");
        }
        int flg = in[from + 4] & 0xff;
        int bd = in[from + 5] & 0xff;
        if (flg >>> 6 != 1 || (flg & 0x20) == 0 || (flg & 0x03) != 0) {
            throw new IOException("an LZ4 frame descriptor Kafka does not write (FLG 0x" + Integer.toHexString(flg)
                    + ": version 1 and independent blocks only)");
        }
        int blockSizeId = bd >>> 4 & 0x07;
        if ((bd & 0x8f) != 0 || blockSizeId < 4) {
            throw new IOException("an LZ4 frame descriptor with BD 0x" + Integer.toHexString(bd));
        }
        int maxBlock = 1 << (2 * blockSizeId + 8);
        boolean blockChecksum = (flg & 0x10) != 0;
        boolean contentChecksum = (flg & 0x04) != 0;
        int descriptorEnd = from + 6 + ((flg & 0x08) != 0 ? 8 : 0);
        if (end - descriptorEnd < 1) {
            throw new IOException("the LZ4 frame ends inside its header");
        }
        int hc = hash(in, from + 4, descriptorEnd - from - 4) >>> 8 & 0xff;
        if ((in[descriptorEnd] & 0xff) != hc) {
            throw new IOException("LZ4 frame descriptor checksum mismatch");
        }
        int position = descriptorEnd + 1;
        byte[] scratch = null;
        while (true) {
            if (end - position < 4) {
                throw new IOException("the LZ4 frame ends before its end mark");
            }
            int word = readIntLE(in, position);
            position += 4;
            if (word == 0) {
                if (contentChecksum && end - position < 4) {
                    throw new IOException("the LZ4 frame ends inside its content checksum");
                }
                return;
            }
            int size = word & ~UNCOMPRESSED_BLOCK;
            if (size > maxBlock || size > end - position - (blockChecksum ? 4 : 0)) {
                throw new IOException("an LZ4 block of " + size + " bytes (at most " + maxBlock + ", "
                        + (end - position) + " bytes left)");
            }
            if (blockChecksum && hash(in, position, size) != readIntLE(in, position + size)) {
                throw new IOException("LZ4 block checksum mismatch");
            }
            if ((word & UNCOMPRESSED_BLOCK) != 0) {
                out.append(in, position, size);
            } else if (out.tryReserve(maxBlock)) {
                out.advance(decompressBlock(in, position, size, out.array(), out.size(), maxBlock));
            } else { // near the limit: into a block of its own, then only as much as the limit allows
                scratch = scratch == null ? new byte[maxBlock] : scratch;
                out.append(scratch, 0, decompressBlock(in, position, size, scratch, 0, maxBlock));
            }
            position += size + (blockChecksum ? 4 : 0);
        }
    }

    private static int decompressBlock(byte[] in, int from, int length, byte[] dst, int at, int max) throws IOException {
        try {
            return (int) Library.DECOMPRESS.invokeExact(in, from, length, dst, at, max);
        } catch (Throwable e) {
            throw CodecLibrary.malformed(e);
        }
    }

    private static int hash(byte[] in, int from, int length) throws IOException {
        try {
            return (int) Library.XXHASH32.invokeExact(in, from, length, 0);
        } catch (Throwable e) {
            throw CodecLibrary.malformed(e);
        }
    }

    private static int readIntLE(byte[] in, int at) {
        return (in[at] & 0xff) | (in[at + 1] & 0xff) << 8 | (in[at + 2] & 0xff) << 16 | (in[at + 3] & 0xff) << 24;
    }
}
