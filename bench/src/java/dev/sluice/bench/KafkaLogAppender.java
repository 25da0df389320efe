package dev.sluice.bench;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.storage.internals.log.LogConfig;
import org.apache.kafka.storage.internals.log.LogSegment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Peer {@code peer-kafka}: Kafka's own log segment ({@code LogSegment} of kafka-storage, with its
 * offset and time indexes every {@code index.interval.bytes}), appending one {@code MemoryRecords}
 * batch of one record per append (built here: the magic-2 batch and its CRC32C, the producer's work
 * that sluice's append also does), and flushing the way a broker's {@code UnifiedLog} does with
 * {@code log.flush.interval.messages}: once that many messages are unflushed after an append, the
 * segment is flushed inline ({@code FileChannel.force(true)} of the log, then its indexes).
 * Durable every {@code durableEvery} bytes means a flush interval of that many bytes' worth of
 * records; "at the end only" leaves Kafka's default (no flush by count or time: a broker relies on
 * replication) and flushes once at {@link #finish()}, as a broker's shutdown would.
 */
final class KafkaLogAppender extends Appenders {
    private final LogSegment segment;
    private final long flushEveryMessages;
    private long nextOffset;
    private long unflushed;

    KafkaLogAppender(Path dir, int recordSize, long durableEvery) throws IOException {
        this.flushEveryMessages = durableEvery > 0 ? Math.max(1, durableEvery / recordSize) : Long.MAX_VALUE;
        LogConfig config = new LogConfig(Map.of(
                TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(Integer.MAX_VALUE), // one segment holds the run
                TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, Long.toString(flushEveryMessages)));
        this.segment = LogSegment.open(dir.toFile(), 0L, config, Time.SYSTEM, false, config.initFileSize(),
                config.preallocate, "");
    }

    @Override
    void append(ByteBuffer record) throws IOException {
        MemoryRecords batch = MemoryRecords.withRecords(nextOffset, Compression.NONE, new SimpleRecord(record));
        segment.append(nextOffset, batch);
        nextOffset++;
        if (++unflushed >= flushEveryMessages) {
            unflushed = 0;
            segment.flush();
        }
    }

    @Override
    void finish() throws IOException {
        segment.flush();
    }

    @Override
    public void close() throws IOException {
        segment.close();
    }
}
