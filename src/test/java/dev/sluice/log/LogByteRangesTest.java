package dev.sluice.log;

import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Log#byteRanges} in both formats against every batch boundary of every segment (found by a
 * full scan): each range starts at the batch holding its first offset and ends with the batch holding
 * its last, and together the ranges cover exactly the segments the offsets are in.
 */
class LogByteRangesTest {
    @TempDir
    Path dir;

    /** Per segment file: batch start position, that batch's header. */
    private static TreeMap<Long, BatchHeader> batches(Segment segment) throws IOException {
        TreeMap<Long, BatchHeader> at = new TreeMap<>();
        try (NativeFile file = NativeFile.open(Path.of(segment.file.path()), EnumSet.of(OpenFlag.READ))) {
            SegmentScanner.scan(file, segment.format, 0, segment.baseOffset, segment.end(), 1 << 20,
                    (h, header) -> {
                        at.put(h.position(), h);
                        return null;
                    }, true);
        }
        return at;
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void rangesAreWholeBatchesHoldingExactlyTheOffsets(LogFormat format) throws IOException {
        Random random = new Random(5);
        LogConfig config = LogConfig.builder().format(format).segmentBytes(20_000).maxBatchBytes(8 * 1024)
                .indexIntervalBytes(512).durability(Durability.none()).build();
        try (Log log = Log.open(dir, config)) {
            for (int b = 0; b < 150; b++) {
                List<MemorySegment> batch = new ArrayList<>();
                for (int i = 0; i <= random.nextInt(6); i++) {
                    batch.add(MemorySegment.ofArray(new byte[random.nextInt(600)]));
                }
                log.appendBatch(batch);
            }
            List<Segment> segments = log.openSegments();
            assertThat(segments).hasSizeGreaterThan(3);
            long end = log.endOffset();
            for (int round = 0; round < 300; round++) {
                long from = random.nextLong(end);
                long to = from + 1 + random.nextLong(end - from);
                List<SegmentRange> ranges = log.byteRanges(from, to);
                List<Segment> holding = segments.stream()
                        .filter(s -> s.nextOffset() > from && s.baseOffset < to && !s.isEmpty()).toList();
                assertThat(ranges).hasSameSizeAs(holding);
                for (int i = 0; i < ranges.size(); i++) {
                    SegmentRange r = ranges.get(i);
                    Segment s = holding.get(i);
                    assertThat(r.file()).isEqualTo(dir.resolve(s.name));
                    TreeMap<Long, BatchHeader> at = batches(s);
                    BatchHeader first = at.get(r.position());
                    assertThat(first).as("the range starts at a batch").isNotNull();
                    assertThat(first.baseOffset()).isEqualTo(r.firstOffset());
                    long firstWanted = Math.max(from, s.baseOffset);
                    assertThat(first.baseOffset()).isLessThanOrEqualTo(firstWanted);
                    assertThat(first.nextOffset()).isGreaterThan(firstWanted);
                    BatchHeader last = at.floorEntry(r.position() + r.length() - 1).getValue();
                    assertThat(last.end()).as("the range ends with a batch").isEqualTo(r.position() + r.length());
                    assertThat(last.nextOffset()).isEqualTo(r.nextOffset());
                    long lastWanted = Math.min(to, s.nextOffset()) - 1;
                    assertThat(last.baseOffset()).isLessThanOrEqualTo(lastWanted);
                    assertThat(last.nextOffset()).isGreaterThan(lastWanted);
                }
            }
            assertThat(log.byteRanges(end, Long.MAX_VALUE)).isEmpty();
            assertThat(log.byteRanges(0, Long.MAX_VALUE)).hasSameSizeAs(segments.stream().filter(s -> !s.isEmpty()).toList());
            assertThatThrownBy(() -> log.byteRanges(5, 4)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
