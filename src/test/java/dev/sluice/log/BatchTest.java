package dev.sluice.log;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Batch} at its edges: encoding into a reused (dirty) buffer, the largest batch the log
 * accepts, a header with no records, and the problem each check reports (what `log verify` prints).
 */
class BatchTest {
    private static final long TS = 1_700_000_000_000L;

    /** The log encodes every batch into one reused buffer: nothing of the batch before may leak into the next. */
    @Test
    void encodingIntoADirtyBufferWritesEveryField() {
        List<MemorySegment> payloads = List.of(MemorySegment.ofArray(new byte[] {1, 2, 3}), MemorySegment.ofArray(new byte[0]));
        byte[] dirty = new byte[Batch.encodedSize(payloads)];
        Arrays.fill(dirty, (byte) 0x7f);
        MemorySegment batch = MemorySegment.ofArray(dirty);
        Batch.encode(batch, 42, TS, payloads);
        ByteBuffer b = ByteBuffer.wrap(dirty);
        assertThat(b.getShort(10)).as("flags").isZero();
        Batch.Header h = Batch.header(batch, 0);
        assertThat(h.firstTimestamp()).isEqualTo(TS);
        assertThat(h.maxTimestamp()).as("max timestamp (retention by age reads it)").isEqualTo(TS);
        assertThat(Batch.bodyProblem(batch)).isNull();
        assertThat(Batch.records(batch)).extracting(LogRecord::timestamp).containsExactly(TS, TS);
    }

    @Test
    void aBatchOfExactlyMaxBatchBytesPassesAndOneByteMoreDoesNot() {
        int max = 16 * 1024;
        byte[] bytes = FuzzSeeds.batch(0, TS, new byte[max - Batch.HEADER_BYTES - Batch.RECORD_OVERHEAD]);
        assertThat(bytes).hasSize(max);
        Batch.Header h = Batch.header(MemorySegment.ofArray(bytes), 0);
        assertThat(Batch.headerProblem(h, 0, bytes.length, max)).isNull();
        assertThat(Batch.headerProblem(h, 0, bytes.length, max - 1)).startsWith("length " + (max - 4) + " out of range");
    }

    @Test
    void aHeaderWithoutRecordsIsRefusedEvenWithAGoodCrc() {
        byte[] bytes = FuzzSeeds.batch(5, TS, new byte[0]);
        byte[] empty = Arrays.copyOf(bytes, Batch.HEADER_BYTES);
        ByteBuffer b = ByteBuffer.wrap(empty);
        b.putInt(0, Batch.HEADER_BYTES - 4);
        b.putInt(20, 0);
        LogFuzzTest.fixCrcs(empty);
        Batch.Header h = Batch.header(MemorySegment.ofArray(empty), 0);
        assertThat(Batch.headerProblem(h, 5, empty.length, 1 << 20)).isEqualTo("record count 0");
    }

    @Test
    void eachCheckSaysWhatIsWrong() {
        byte[] valid = FuzzSeeds.batch(7, TS, new byte[] {1, 2, 3});
        assertThat(problem(new byte[64], 7)).isEqualTo("zeros (no batch)");
        byte[] zeroLength = valid.clone();
        ByteBuffer.wrap(zeroLength).putInt(0, 0);
        assertThat(problem(zeroLength, 7)).isEqualTo("length 0 out of range");
        byte[] badMagic = valid.clone();
        ByteBuffer.wrap(badMagic).putShort(8, (short) 0x1234);
        assertThat(problem(badMagic, 7)).isEqualTo("bad magic 0x1234");
        assertThat(problem(valid, 8)).isEqualTo("base offset 7, expected 8");
        byte[] badCrc = valid.clone();
        badCrc[badCrc.length - 1] ^= 1;
        assertThat(Batch.bodyProblem(MemorySegment.ofArray(badCrc))).startsWith("CRC mismatch (stored 0x");
        byte[] longRecord = valid.clone();
        ByteBuffer.wrap(longRecord).putInt(Batch.HEADER_BYTES, 4);
        LogFuzzTest.fixCrcs(longRecord);
        assertThat(Batch.bodyProblem(MemorySegment.ofArray(longRecord))).isEqualTo("record 0 length 4 runs past the batch");
        byte[] twoRecords = valid.clone();
        ByteBuffer.wrap(twoRecords).putInt(20, 2);
        LogFuzzTest.fixCrcs(twoRecords);
        assertThat(Batch.bodyProblem(MemorySegment.ofArray(twoRecords))).isEqualTo("record 1 header runs past the batch");
    }

    private static String problem(byte[] bytes, long expected) {
        return Batch.headerProblem(Batch.header(MemorySegment.ofArray(bytes), 0), expected, bytes.length, 1 << 20);
    }
}
