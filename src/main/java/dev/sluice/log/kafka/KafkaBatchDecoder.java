package dev.sluice.log.kafka;

import dev.sluice.log.LogRecord;
import dev.sluice.log.RecordHeader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static dev.sluice.log.kafka.KafkaBatchHeader.HEADER_BYTES;
import static dev.sluice.log.kafka.KafkaBatchHeader.INT;

/**
 * Checks and decodes v2 record batches in two steps, the way a scan of a segment reads them: the
 * header first ({@link #headerProblem}), before anything is read or allocated for the batch, so a
 * corrupt length never causes a large read; then the whole batch ({@link #bodyProblem}: CRC-32C,
 * and for uncompressed batches the framing of every record).
 *
 * <p>A record on disk (uncompressed), every integer a zig-zag varint:
 * <pre>
 * length (of what follows), attributes (int8, unused), timestampDelta (varlong), offsetDelta,
 * keyLength (-1 for null), key, valueLength (-1 for null), value,
 * headerCount, then per header: keyLength (&gt;= 0), key (UTF-8), valueLength (-1 for null), value
 * </pre>
 *
 * <p>In a compressed batch everything after the 61-byte header is one compressed stream of exactly
 * those records, in the codec's stream framing as Kafka writes it (gzip; snappy-java's chunks; an LZ4
 * frame; zstd frames). {@link #records} and {@link #decompressedRecords} decompress it where the
 * codec's library is on the class path ({@link KafkaCompression#isAvailable()}), else throw a
 * {@link CompressedBatchException} naming the library to add. The checks ({@link #bodyProblem},
 * {@link #check}) stop at the CRC of a compressed batch: a valid batch stays valid (and can be sent
 * whole) without its codec.
 *
 * <p>Decompression is bounded: the records of one batch decompress to at most
 * {@link #DEFAULT_MAX_DECOMPRESSED_BYTES} (or the limit a caller passes), checked before memory is
 * allocated for them, so a corrupt or hostile batch, such as a zstd or gzip bomb, fails with a
 * {@link KafkaFormatException} instead of taking gigabytes.
 */
public final class KafkaBatchDecoder {
    /** Kafka's default {@code message.max.bytes}: the largest batch a broker accepts unless configured otherwise. */
    public static final int DEFAULT_MAX_BATCH_BYTES = 1024 * 1024 + KafkaBatchHeader.LOG_OVERHEAD;
    /** The problem of a header that is all zeros: no batch was written there (a preallocated tail). */
    public static final String ZEROS = "zeros (no batch)";
    /**
     * The most bytes the records of one compressed batch may decompress to unless a caller says
     * otherwise: 64 MiB. The decoded records are held in memory at once, so this bounds what one batch
     * can cost. It is 64 times Kafka's default {@code message.max.bytes} (which limits the compressed
     * batch), more than real payloads compress at that size (text and JSON by 5-20 times), and it
     * stops a batch that inflates by a thousand times (gzip) or far more (zstd) at 64 MiB. Readers of
     * topics with a larger {@code max.message.bytes} pass their own limit.
     */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;
    /** The largest limit accepted: the largest Java array. */
    static final int MAX_DECOMPRESSED_BYTES = Integer.MAX_VALUE - 8;
    /** The smallest possible record: seven one-byte fields. */
    static final int MIN_RECORD_BYTES = 7;

    private KafkaBatchDecoder() {
    }

    /**
     * Why the header cannot start a valid batch, or null if it can.
     *
     * @param h the header
     * @param bytesAvailable how many bytes there are from the header's start (to the end of the segment)
     * @param maxBatchBytes the largest batch accepted, in bytes
     * @return the problem, or null
     */
    public static String headerProblem(KafkaBatchHeader h, long bytesAvailable, int maxBatchBytes) {
        if (h.baseOffset() == 0 && h.batchLength() == 0 && h.magic() == 0 && h.crc() == 0 && h.attributes() == 0) {
            return ZEROS;
        }
        if (h.magic() != KafkaBatchHeader.MAGIC) {
            return "magic " + h.magic() + ": only magic 2 batches (Kafka 0.11 and later) are read";
        }
        long minLength = HEADER_BYTES - KafkaBatchHeader.LOG_OVERHEAD;
        if (h.batchLength() < minLength || h.sizeInBytes() > maxBatchBytes) {
            return "batch length " + h.batchLength() + " out of range [" + minLength + ", "
                    + (maxBatchBytes - KafkaBatchHeader.LOG_OVERHEAD) + "]";
        }
        if (h.sizeInBytes() > bytesAvailable) {
            return "truncated: the batch of " + h.sizeInBytes() + " bytes runs past the end (" + bytesAvailable
                    + " bytes left)";
        }
        if (h.baseOffset() < 0) {
            return "base offset " + h.baseOffset() + " is negative";
        }
        if (h.lastOffsetDelta() < 0 || h.baseOffset() > Long.MAX_VALUE - h.lastOffsetDelta()) {
            return "last offset delta " + h.lastOffsetDelta() + " out of range";
        }
        if (h.recordCount() < 0 || h.recordCount() - 1L > h.lastOffsetDelta()) {
            return "record count " + h.recordCount() + " out of range (the batch spans "
                    + (h.lastOffsetDelta() + 1L) + " offsets)";
        }
        if (h.compression() == null) {
            return "unknown compression codec id " + h.compressionId();
        }
        if (!h.isCompressed() && h.recordCount() > (h.sizeInBytes() - HEADER_BYTES) / MIN_RECORD_BYTES) {
            return "record count " + h.recordCount() + " cannot fit in " + (h.sizeInBytes() - HEADER_BYTES)
                    + " bytes of records";
        }
        return null;
    }

    /**
     * Why the batch is invalid, or null if it is valid: the CRC, and for an uncompressed batch the
     * framing of every record (sizes in range, offset deltas increasing within the batch's span,
     * the records ending exactly at the end of the batch). A compressed batch passes on its CRC: its
     * records are checked as {@link #records} decompresses them.
     *
     * @param batch exactly the batch's bytes, whose header passed {@link #headerProblem}
     * @return the problem, or null
     */
    public static String bodyProblem(MemorySegment batch) {
        if (batch.byteSize() < HEADER_BYTES) {
            return "truncated: " + batch.byteSize() + " bytes is less than a batch header";
        }
        KafkaBatchHeader h = KafkaBatchHeader.read(batch);
        if (h.sizeInBytes() != batch.byteSize()) {
            return "batch length " + h.batchLength() + " does not match the " + batch.byteSize() + " bytes given";
        }
        int stored = batch.get(INT, 17);
        int actual = crc(batch);
        if (stored != actual) {
            return "CRC mismatch (stored 0x" + Integer.toHexString(stored) + ", computed 0x"
                    + Integer.toHexString(actual) + ")";
        }
        if (h.isCompressed()) {
            return null;
        }
        try {
            walk(batch.asSlice(HEADER_BYTES), false, h, null);
            return null;
        } catch (ByteCursor.Malformed e) {
            return e.getMessage();
        }
    }

    /**
     * Checks a batch completely: its header and {@link #bodyProblem} (for a compressed batch, its CRC).
     *
     * @param batch exactly the batch's bytes
     * @param maxBatchBytes the largest batch accepted, in bytes
     * @return its header
     * @throws KafkaFormatException saying what is wrong
     */
    public static KafkaBatchHeader check(MemorySegment batch, int maxBatchBytes) throws KafkaFormatException {
        if (batch.byteSize() < HEADER_BYTES) {
            throw new KafkaFormatException("truncated: " + batch.byteSize() + " bytes is less than a batch header");
        }
        KafkaBatchHeader h = KafkaBatchHeader.read(batch);
        String problem = headerProblem(h, batch.byteSize(), maxBatchBytes);
        if (problem == null) {
            problem = bodyProblem(batch.asSlice(0, h.sizeInBytes()));
        }
        if (problem == null && h.sizeInBytes() != batch.byteSize()) {
            problem = (batch.byteSize() - h.sizeInBytes()) + " bytes follow the batch";
        }
        if (problem != null) {
            throw new KafkaFormatException("batch at offset " + h.baseOffset() + ": " + problem);
        }
        return h;
    }

    /**
     * The records of a batch, keys, values and headers copied; a compressed batch's decompressed to
     * at most {@link #DEFAULT_MAX_DECOMPRESSED_BYTES}.
     *
     * @param batch exactly the batch's bytes, which passed {@link #headerProblem} and {@link #bodyProblem}
     * @return the records in order, with the offsets and timestamps Kafka gives them (for a control
     *         batch, see {@link KafkaBatchHeader#isControl()}, its control records)
     * @throws CompressedBatchException if the batch is compressed with a codec whose library is not on
     *         the class path
     * @throws KafkaFormatException if the records are malformed (compressed records are checked here),
     *         or decompress to more than the limit
     */
    public static List<LogRecord> records(MemorySegment batch) throws CompressedBatchException, KafkaFormatException {
        return records(batch, DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /**
     * The records of a batch, as {@link #records(MemorySegment)}, with a limit of one's own.
     *
     * @param batch exactly the batch's bytes, which passed {@link #headerProblem} and {@link #bodyProblem}
     * @param maxDecompressedBytes the most bytes a compressed batch's records may decompress to
     * @return the records in order
     * @throws CompressedBatchException if the batch is compressed with a codec whose library is not on
     *         the class path
     * @throws KafkaFormatException if the records are malformed, or decompress to more than the limit
     */
    public static List<LogRecord> records(MemorySegment batch, int maxDecompressedBytes)
            throws CompressedBatchException, KafkaFormatException {
        return records(KafkaBatchHeader.read(batch), decompressedRecords(batch, maxDecompressedBytes));
    }

    /**
     * The records of a batch from its header and its records section as {@link #decompressedRecords}
     * gave it: a reader that keeps the decompressed section of a compressed batch decodes it again
     * without decompressing it again.
     *
     * @param header the batch's header
     * @param recordsSection the batch's records section, uncompressed
     * @return the records in order, with the offsets and timestamps Kafka gives them
     * @throws KafkaFormatException if the records are malformed
     */
    public static List<LogRecord> records(KafkaBatchHeader header, MemorySegment recordsSection) throws KafkaFormatException {
        List<LogRecord> out = new ArrayList<>();
        try {
            walk(recordsSection, header.isCompressed(), header, out);
        } catch (ByteCursor.Malformed e) {
            throw new KafkaFormatException("batch at offset " + header.baseOffset() + ": " + e.getMessage());
        }
        return out;
    }

    /**
     * The records section of a batch as it would be uncompressed: the bytes after the 61-byte header
     * that an uncompressed batch of the same records holds (each record in the framing described
     * above, {@code recordCount} of them), at most {@link #DEFAULT_MAX_DECOMPRESSED_BYTES}. For an
     * uncompressed batch that is a slice of {@code batch} itself, nothing copied; for a compressed
     * one a new heap segment, decompressed once, which a reader may keep to serve several reads of the
     * batch ({@link #records(KafkaBatchHeader, MemorySegment)}). The records are not checked here:
     * {@code records} checks them as it reads them.
     *
     * @param batch exactly the batch's bytes, which passed {@link #headerProblem} and {@link #bodyProblem}
     * @return the uncompressed records section, {@link MemorySegment#byteSize()} bytes of it
     * @throws CompressedBatchException if the batch is compressed with a codec whose library is not on
     *         the class path
     * @throws KafkaFormatException if the compressed stream is malformed, or decompresses to more than the limit
     */
    public static MemorySegment decompressedRecords(MemorySegment batch) throws CompressedBatchException,
            KafkaFormatException {
        return decompressedRecords(batch, DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /**
     * The records section of a batch as it would be uncompressed, as {@link #decompressedRecords(MemorySegment)},
     * with a limit of one's own.
     *
     * @param batch exactly the batch's bytes, which passed {@link #headerProblem} and {@link #bodyProblem}
     * @param maxDecompressedBytes the most bytes a compressed batch's records may decompress to, from 0
     *        to {@code Integer.MAX_VALUE - 8}
     * @return the uncompressed records section
     * @throws CompressedBatchException if the batch is compressed with a codec whose library is not on
     *         the class path
     * @throws KafkaFormatException if the compressed stream is malformed, or decompresses to more than the limit
     * @throws IllegalArgumentException if the limit is out of range
     */
    public static MemorySegment decompressedRecords(MemorySegment batch, int maxDecompressedBytes)
            throws CompressedBatchException, KafkaFormatException {
        if (maxDecompressedBytes < 0 || maxDecompressedBytes > MAX_DECOMPRESSED_BYTES) {
            throw new IllegalArgumentException("maxDecompressedBytes " + maxDecompressedBytes + " out of range [0, "
                    + MAX_DECOMPRESSED_BYTES + "]");
        }
        KafkaBatchHeader h = KafkaBatchHeader.read(batch);
        KafkaCompression codec = h.compression();
        if (codec == null) {
            throw new KafkaFormatException("batch at offset " + h.baseOffset() + ": unknown compression codec id "
                    + h.compressionId());
        }
        MemorySegment section = batch.asSlice(HEADER_BYTES);
        return codec == KafkaCompression.NONE ? section : decompress(codec, section, maxDecompressedBytes, h.baseOffset());
    }

    private static MemorySegment decompress(KafkaCompression codec, MemorySegment compressed, int limit, long baseOffset)
            throws CompressedBatchException, KafkaFormatException {
        Decompressor decompressor = codec.decompressor();
        Throwable absence = decompressor.absence();
        if (absence != null) {
            throw new CompressedBatchException(codec, baseOffset, absence);
        }
        byte[] in = compressed.toArray(ValueLayout.JAVA_BYTE);
        // a first guess that fits most batches; the array grows (to the limit at most) when it does not
        BoundedBytes out = new BoundedBytes((int) Math.min(MAX_DECOMPRESSED_BYTES, 4L * in.length), limit);
        try {
            decompressor.decompress(in, 0, in.length, out);
        } catch (BoundedBytes.LimitExceeded e) {
            throw new KafkaFormatException("batch at offset " + baseOffset + ": its " + codec.kafkaName()
                    + " records decompress to more than " + limit + " bytes, the limit (a corrupt batch, or a limit"
                    + " too low for the topic)");
        } catch (IOException e) {
            KafkaFormatException failure = new KafkaFormatException("batch at offset " + baseOffset + ": malformed "
                    + codec.kafkaName() + " records: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
        return MemorySegment.ofArray(out.array()).asSlice(0, out.size());
    }

    /** The CRC-32C of the bytes the batch's CRC covers, as the int stored at byte 17. */
    static int crc(MemorySegment batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.asSlice(KafkaBatchHeader.CRC_START).asByteBuffer());
        return (int) crc.getValue();
    }

    /**
     * Reads every record of an uncompressed records section ({@code decompressed}: what a compressed
     * batch decompressed to); adds them to {@code out} unless it is null.
     */
    private static void walk(MemorySegment records, boolean decompressed, KafkaBatchHeader h, List<LogRecord> out) {
        ByteCursor cursor = new ByteCursor(records, 0, records.byteSize());
        boolean logAppendTime = h.timestampType() == KafkaTimestampType.LOG_APPEND_TIME;
        int previousDelta = -1;
        for (int i = 0; i < h.recordCount(); i++) {
            String where = "record " + i;
            int size = cursor.readVarint(where + " size");
            if (size < 0) {
                throw new ByteCursor.Malformed(where + ": size " + size + " is negative");
            }
            ByteCursor r = cursor.take(size, where);
            r.readByte(where + " attributes");
            long timestampDelta = r.readVarlong(where + " timestamp delta");
            int offsetDelta = r.readVarint(where + " offset delta");
            if (offsetDelta <= previousDelta || offsetDelta > h.lastOffsetDelta()) {
                throw new ByteCursor.Malformed(where + ": offset delta " + offsetDelta + " out of range ("
                        + (previousDelta + 1) + ".." + h.lastOffsetDelta() + ")");
            }
            previousDelta = offsetDelta;
            int keyLength = r.readVarint(where + " key length");
            byte[] key = readOrSkip(r, keyLength, where + " key", out);
            int valueLength = r.readVarint(where + " value length");
            byte[] value = readOrSkip(r, valueLength, where + " value", out);
            int headerCount = r.readVarint(where + " header count");
            // each header takes at least 2 bytes: this bounds the list before it is allocated
            if (headerCount < 0 || headerCount > r.remaining() / 2) {
                throw new ByteCursor.Malformed(where + ": header count " + headerCount + " out of range ("
                        + r.remaining() + " bytes left)");
            }
            List<RecordHeader> headers = out == null ? null : new ArrayList<>(headerCount);
            for (int j = 0; j < headerCount; j++) {
                String hwhere = where + " header " + j;
                int headerKeyLength = r.readVarint(hwhere + " key length");
                if (headerKeyLength < 0) {
                    throw new ByteCursor.Malformed(hwhere + ": key length " + headerKeyLength + " is negative");
                }
                byte[] headerKey = readOrSkip(r, headerKeyLength, hwhere + " key", out);
                int headerValueLength = r.readVarint(hwhere + " value length");
                byte[] headerValue = readOrSkip(r, headerValueLength, hwhere + " value", out);
                if (headers != null) {
                    headers.add(new RecordHeader(new String(headerKey, StandardCharsets.UTF_8), headerValue));
                }
            }
            if (r.remaining() != 0) {
                throw new ByteCursor.Malformed(where + ": " + r.remaining() + " bytes left over inside its size of "
                        + size);
            }
            if (out != null) {
                long timestamp = logAppendTime ? h.maxTimestamp() : h.baseTimestamp() + timestampDelta;
                out.add(new LogRecord(h.baseOffset() + offsetDelta, timestamp, key, value, headers));
            }
        }
        if (cursor.remaining() != 0) {
            throw new ByteCursor.Malformed("the records end " + cursor.remaining() + " bytes before the end of the "
                    + (decompressed ? "decompressed records" : "batch"));
        }
    }

    private static byte[] readOrSkip(ByteCursor r, int length, String what, List<LogRecord> out) {
        if (out != null) {
            return r.readBytes(length, what);
        }
        r.skipBytes(length, what);
        return null;
    }
}
