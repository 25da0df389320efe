package dev.sluice.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk record batch (docs/FORMAT.md). Big-endian:
 * <pre>
 *  0  int32  length       bytes after this field
 *  4  int32  crc          CRC32C of bytes [8, 4 + length)
 *  8  int16  magic        0x5331 ("S1")
 * 10  int16  flags        0
 * 12  int64  baseOffset
 * 20  int32  recordCount
 * 24  int64  firstTimestamp (ms since the epoch)
 * 32  int64  maxTimestamp
 * 40  records: int32 payloadLength, int32 timestampDelta, payload bytes
 * </pre>
 */
final class Batch {
    static final int HEADER_BYTES = 40;
    static final int RECORD_OVERHEAD = 8;
    static final short MAGIC = 0x5331;
    /** The problem of a header that is all zeros: no batch was written there. */
    static final String ZEROS = "zeros (no batch)";

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Batch() {
    }

    /** A decoded header: the batch at {@code position} spans {@code size()} bytes. */
    record Header(long position, int length, int crc, short magic, long baseOffset, int recordCount,
                  long firstTimestamp, long maxTimestamp) {
        long size() {
            return 4L + length;
        }

        long end() {
            return position + size();
        }

        long nextOffset() {
            return baseOffset + recordCount;
        }
    }

    static int encodedSize(List<MemorySegment> payloads) {
        return encodedSize(AppendRecords.payloads(payloads));
    }

    static int encodedSize(AppendRecords records) {
        long size = HEADER_BYTES;
        for (int i = 0; i < records.count(); i++) {
            size += RECORD_OVERHEAD + records.payload(i).byteSize();
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch too large: " + size + " bytes");
        }
        return (int) size;
    }

    /** Writes the batch into {@code dst} (exactly {@link #encodedSize} bytes), CRC included. */
    static void encode(MemorySegment dst, long baseOffset, long timestamp, List<MemorySegment> payloads) {
        encode(dst, baseOffset, timestamp, AppendRecords.payloads(payloads));
    }

    /** Writes the batch of the records' payloads into {@code dst} (exactly {@link #encodedSize} bytes), CRC included. */
    static void encode(MemorySegment dst, long baseOffset, long timestamp, AppendRecords records) {
        dst.set(INT, 0, (int) (dst.byteSize() - 4));
        dst.set(SHORT, 8, MAGIC);
        dst.set(SHORT, 10, (short) 0);
        dst.set(LONG, 12, baseOffset);
        dst.set(INT, 20, records.count());
        dst.set(LONG, 24, timestamp);
        dst.set(LONG, 32, timestamp);
        long at = HEADER_BYTES;
        for (int i = 0; i < records.count(); i++) {
            MemorySegment p = records.payload(i);
            dst.set(INT, at, (int) p.byteSize());
            dst.set(INT, at + 4, 0);
            MemorySegment.copy(p, 0, dst, at + RECORD_OVERHEAD, p.byteSize());
            at += RECORD_OVERHEAD + p.byteSize();
        }
        dst.set(INT, 4, crc(dst));
    }

    /** The header in {@code bytes} (at least {@link #HEADER_BYTES} long), read from {@code position}. */
    static Header header(MemorySegment bytes, long position) {
        return new Header(position, bytes.get(INT, 0), bytes.get(INT, 4), bytes.get(SHORT, 8), bytes.get(LONG, 12),
                bytes.get(INT, 20), bytes.get(LONG, 24), bytes.get(LONG, 32));
    }

    /**
     * Why the header cannot start a valid batch, or null if it can. Checked before anything is
     * allocated for the batch, so a corrupt length never causes a large allocation.
     */
    static String headerProblem(Header h, long expectedOffset, long bytesAvailable, int maxBatchBytes) {
        if (h.length() == 0 && h.crc() == 0) {
            return ZEROS;
        }
        if (h.length() < HEADER_BYTES - 4 || h.size() > maxBatchBytes) {
            return "length " + h.length() + " out of range";
        }
        if (h.magic() != MAGIC) {
            return "bad magic 0x" + Integer.toHexString(h.magic() & 0xffff);
        }
        if (h.size() > bytesAvailable) {
            return "batch of " + h.size() + " bytes runs past the end (" + bytesAvailable + " bytes left)";
        }
        if (expectedOffset >= 0 && h.baseOffset() != expectedOffset) {
            return "base offset " + h.baseOffset() + ", expected " + expectedOffset;
        }
        if (h.recordCount() <= 0) {
            return "record count " + h.recordCount();
        }
        return null;
    }

    /** Why the whole batch in {@code batch} is invalid (CRC, record framing), or null if it is valid. */
    static String bodyProblem(MemorySegment batch) {
        int stored = batch.get(INT, 4);
        int actual = crc(batch);
        if (stored != actual) {
            return "CRC mismatch (stored 0x" + Integer.toHexString(stored) + ", computed 0x" + Integer.toHexString(actual) + ")";
        }
        int count = batch.get(INT, 20);
        long at = HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            if (at + RECORD_OVERHEAD > batch.byteSize()) {
                return "record " + i + " header runs past the batch";
            }
            int length = batch.get(INT, at);
            if (length < 0 || at + RECORD_OVERHEAD + length > batch.byteSize()) {
                return "record " + i + " length " + length + " runs past the batch";
            }
            at += RECORD_OVERHEAD + length;
        }
        return at == batch.byteSize() ? null : "records end at " + at + " of " + batch.byteSize() + " bytes";
    }

    /** The records of a valid batch, payloads copied. */
    static List<LogRecord> records(MemorySegment batch) {
        List<LogRecord> records = new ArrayList<>(batch.get(INT, 20));
        try {
            visit(batch, Long.MIN_VALUE, Integer.MAX_VALUE, (offset, timestamp, payload) ->
                    records.add(new LogRecord(offset, timestamp, payload.toArray(ValueLayout.JAVA_BYTE))));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the collecting visitor throws nothing
        }
        return records;
    }

    /**
     * Hands the records of a valid batch whose offset is at least {@code fromOffset} to the visitor,
     * at most {@code max} of them, each payload a read-only view of the batch; returns how many.
     */
    static int visit(MemorySegment batch, long fromOffset, int max, RecordVisitor visitor) throws IOException {
        long base = batch.get(LONG, 12);
        long firstTimestamp = batch.get(LONG, 24);
        int count = batch.get(INT, 20);
        long at = HEADER_BYTES;
        int visited = 0;
        for (int i = 0; i < count && visited < max; i++) {
            int length = batch.get(INT, at);
            int delta = batch.get(INT, at + 4);
            if (base + i >= fromOffset) {
                visitor.accept(base + i, firstTimestamp + delta, batch.asSlice(at + RECORD_OVERHEAD, length).asReadOnly());
                visited++;
            }
            at += RECORD_OVERHEAD + length;
        }
        return visited;
    }

    private static int crc(MemorySegment batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.asSlice(8).asByteBuffer());
        return (int) crc.getValue();
    }
}
