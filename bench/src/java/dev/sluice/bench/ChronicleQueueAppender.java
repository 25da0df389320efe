package dev.sluice.bench;

import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Peer {@code peer-chronicle}: Chronicle Queue as its documentation sets up a persisted queue
 * ({@code ChronicleQueue.singleBuilder(dir).build()}: a memory-mapped file per roll cycle), one
 * excerpt per record written through {@code writingDocument()}. Chronicle makes nothing durable by
 * itself (the page cache writes the mapping back when it likes); the durability it does offer is
 * {@code SyncMode.SYNC} with {@code ExcerptAppender.sync()}, which msyncs (MS_SYNC) the current
 * mapped chunk from where the last sync ended up to the write position. Chunks the appender has left
 * are msynced only when a background thread releases them, which strace showed happening after
 * {@code finish()} returned; so the queue's {@code blockSize} (its chunk) is made large enough to hold
 * the whole run, as sluice's and Kafka's segments are, and {@code sync()} covers everything written.
 * This peer calls it every {@code durableEvery} bytes and at {@link #finish()}, so its durability
 * points are the same as every other variant's.
 */
final class ChronicleQueueAppender extends Appenders {
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final long durableEvery;
    private long sinceSync;

    /** Room for each excerpt's header and the queue's own index beside the records. */
    private static final long CHUNK_SLACK = 64L << 20;

    ChronicleQueueAppender(Path dir, long totalBytes, long durableEvery) {
        long chunk = (totalBytes + totalBytes / 8 + CHUNK_SLACK + (1 << 20) - 1) & ~((1L << 20) - 1);
        this.queue = ChronicleQueue.singleBuilder(dir).blockSize(chunk).syncMode(SyncMode.SYNC).build();
        this.appender = queue.createAppender();
        this.durableEvery = durableEvery;
    }

    @Override
    void append(ByteBuffer record) {
        int bytes = record.remaining();
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().writeSome(record);
        }
        sinceSync += bytes;
        if (durableEvery > 0 && sinceSync >= durableEvery) {
            sinceSync = 0;
            appender.sync();
        }
    }

    @Override
    void finish() {
        appender.sync();
    }

    @Override
    public void close() {
        try (queue) {
            appender.close();
        }
    }
}
