package dev.sluice.log;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time column of sluice's index: the position it gives for T has every batch before it older
 * than T, and is the last entry that does (checked against every batch); it survives the file; an
 * index in the old 16-byte layout reads as damaged (so recovery rebuilds it).
 */
class SegmentIndexTimeTest {
    @Test
    void theStartForATimeHasOnlyOlderBatchesBeforeItAndIsTheLastSuchEntry() {
        Random random = new Random(9);
        SegmentIndex index = new SegmentIndex(1000);
        List<BatchHeader> batches = new ArrayList<>();
        long position = 0;
        long offset = 0;
        for (int i = 0; i < 2000; i++) {
            long size = 100 + random.nextInt(400);
            long ts = 1_000_000 + i * 10L + random.nextInt(300) - 150; // clocks go back and forth
            BatchHeader h = new BatchHeader(position, size, offset, offset + 3, ts);
            index.onBatch(h);
            batches.add(h);
            position += size;
            offset += 3;
        }
        assertThat(index.size()).isGreaterThan(100);
        byte[] file;
        try (Arena arena = Arena.ofConfined()) {
            file = index.serialize(arena).toArray(ValueLayout.JAVA_BYTE);
        }
        SegmentIndex loaded = SegmentIndex.deserialize(MemorySegment.ofArray(file), 1000, 0, position);
        assertThat(loaded).isNotNull();
        List<Long> entryPositions = index.entries().stream().map(e -> e[1]).toList();
        for (long t = 999_000; t < 1_021_000; t += 37) {
            long start = index.timeFloorPosition(t);
            assertThat(loaded.timeFloorPosition(t)).isEqualTo(start);
            long tt = t;
            assertThat(batches.stream().filter(b -> b.position() < start)).allMatch(b -> b.maxTimestamp() < tt);
            // the next entry would not do: a batch before it reaches t
            int i = entryPositions.indexOf(start);
            if (i + 1 < entryPositions.size()) {
                long next = entryPositions.get(i + 1);
                assertThat(batches.stream().filter(b -> b.position() < next)).anyMatch(b -> b.maxTimestamp() >= tt);
            }
        }
        assertThat(index.timeFloorPosition(Long.MAX_VALUE)).isEqualTo(entryPositions.getLast());
        assertThat(index.timeFloorPosition(Long.MIN_VALUE)).isZero();
    }

    @Test
    void anIndexInTheOldSixteenByteLayoutIsDamaged() {
        MemorySegment old = MemorySegment.ofArray(new byte[2 * 16 + SegmentIndex.TRAILER_BYTES]);
        old.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 32, 2);
        assertThat(SegmentIndex.deserialize(old, 1000, 0, 1 << 20)).isNull();
    }

    @Test
    void entriesWhoseEarlierTimesAreUnknownAreNeverAStartByTime() {
        SegmentIndex index = new SegmentIndex(1);
        index.onBatch(0, 0);
        index.onBatch(5, 100);
        assertThat(index.timeFloorPosition(Long.MAX_VALUE)).isZero();
    }
}
