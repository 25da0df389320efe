package dev.sluice.log;

import dev.sluice.log.kafka.KafkaFiles;
import dev.sluice.sys.ChannelFds;
import dev.sluice.transfer.TransferPath;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partition as kafka-clients builds one, not as sluice writes one: batches in all five codecs, a
 * producer's transactional batch and its commit marker, log-append time, leader epochs, no index files.
 * {@link Log#openReadOnly} reads every record under every read policy, skipping the control batch as a
 * consumer does, and {@code transferTo} sends the segments' bytes unchanged by every path.
 */
class LogKafkaPartitionReadTest {
    @TempDir
    Path dir;

    private final List<LogRecord> expected = new ArrayList<>();
    private final List<byte[]> segmentBytes = new ArrayList<>();

    private static final Compression[] CODECS = {Compression.NONE, Compression.gzip().build(),
        Compression.snappy().build(), Compression.lz4().build(), Compression.zstd().build()};

    @BeforeEach
    void writePartition() throws IOException {
        Random random = new Random(44);
        long offset = 0;
        for (int s = 0; s < 2; s++) {
            long base = offset;
            ByteArrayOutputStream segment = new ByteArrayOutputStream();
            for (int b = 0; b < 40; b++) {
                boolean transactional = b == 20;
                MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 20), RecordBatch.MAGIC_VALUE_V2,
                        CODECS[b % CODECS.length], b % 7 == 3 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
                        offset, 1_700_000_000_000L + b, transactional ? 77L : RecordBatch.NO_PRODUCER_ID,
                        transactional ? (short) 1 : RecordBatch.NO_PRODUCER_EPOCH,
                        transactional ? 0 : RecordBatch.NO_SEQUENCE, transactional, 3);
                int count = 1 + random.nextInt(9);
                for (int i = 0; i < count; i++) {
                    long ts = 1_700_000_000_000L + random.nextInt(100_000);
                    byte[] key = i % 4 == 0 ? null : ("k" + offset).getBytes(StandardCharsets.UTF_8);
                    byte[] value = ("value " + offset + " " + "v".repeat(random.nextInt(500))).getBytes(StandardCharsets.UTF_8);
                    Header[] headers = i % 3 == 0 ? new Header[] {new RecordHeader("h", new byte[] {(byte) i})} : new Header[0];
                    builder.appendWithOffset(offset, ts, key, value, headers);
                    long shown = b % 7 == 3 ? 1_700_000_000_000L + b : ts;
                    expected.add(new LogRecord(offset, shown, key, value, i % 3 == 0
                            ? List.of(new dev.sluice.log.RecordHeader("h", new byte[] {(byte) i})) : List.of()));
                    offset++;
                }
                segment.write(bytes(builder.build().buffer()));
                if (transactional) {
                    segment.write(bytes(MemoryRecords.withEndTransactionMarker(offset, 1_700_000_000_000L, 3, 77L,
                            (short) 1, new EndTransactionMarker(ControlRecordType.COMMIT, 0)).buffer()));
                    offset++; // the marker takes an offset no consumer sees
                }
            }
            Files.write(dir.resolve(KafkaFiles.log(base)), segment.toByteArray());
            segmentBytes.add(segment.toByteArray());
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void everyReadPolicyReadsEveryRecordAndSkipsTheMarker() throws IOException {
        List<ReadAhead> policies = List.of(ReadAhead.kernelDefault(), ReadAhead.sequential(), ReadAhead.random(),
                ReadAhead.explicit(DataSize.ofBytes(64 * 1024)), ReadAhead.mmapPopulate());
        try (Log log = Log.openReadOnly(dir, LogConfig.defaults())) {
            assertThat(log.config().format()).isEqualTo(LogFormat.KAFKA);
            for (ReadAhead policy : policies) {
                for (CacheHint hint : CacheHint.values()) {
                    List<LogRecord> read = new ArrayList<>();
                    try (LogReader reader = log.reader(0, new ReaderConfig(policy, hint))) {
                        List<LogRecord> got;
                        while (!(got = reader.poll(13)).isEmpty()) {
                            read.addAll(got);
                        }
                        assertThat(reader.nextOffset()).isEqualTo(log.endOffset());
                    }
                    assertThat(read).as("%s, %s", policy, hint).isEqualTo(expected);
                }
            }
            for (LogRecord r : expected) {
                try (LogReader reader = log.reader(r.offset(), ReaderConfig.defaults())) {
                    assertThat(reader.poll(1)).containsExactly(r);
                }
            }
        }
    }

    @Test
    void transferToSendsTheSegmentsUnchangedByEveryPath() throws IOException {
        try (Log log = Log.openReadOnly(dir, LogConfig.defaults())) {
            for (TransferPath path : TransferPath.values()) {
                Path out = dir.resolve("sent-" + path);
                try (LogReader reader = log.reader(0, ReaderConfig.defaults().withTransferPath(path));
                     FileChannel target = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    long next = 0;
                    while (next < log.endOffset()) {
                        next = reader.transferTo(ChannelFds.of(target), next, 5000).nextOffset();
                    }
                }
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (byte[] s : segmentBytes) {
                    all.write(s);
                }
                assertThat(Files.readAllBytes(out)).as("%s", path).isEqualTo(all.toByteArray());
            }
        }
    }
}
