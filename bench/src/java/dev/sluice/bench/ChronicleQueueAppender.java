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
 * {@code SyncMode.SYNC} with {@code ExcerptAppender.sync()}, which msyncs (MS_SYNC) the mapped store
 * up to the write position, and chunks released before then are msynced as they go. This peer calls
 * it every {@code durableEvery} bytes and at {@link #finish()}, so its durability points are the
 * same as every other variant's.
 */
final class ChronicleQueueAppender extends Appenders {
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final long durableEvery;
    private long sinceSync;

    ChronicleQueueAppender(Path dir, long durableEvery) {
        this.queue = ChronicleQueue.singleBuilder(dir).syncMode(SyncMode.SYNC).build();
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
