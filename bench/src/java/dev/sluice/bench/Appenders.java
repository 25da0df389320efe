package dev.sluice.bench;

import dev.sluice.log.CacheHint;
import dev.sluice.log.Coalescing;
import dev.sluice.log.DataSize;
import dev.sluice.log.Durability;
import dev.sluice.log.IoMode;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.WriteBehind;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The appending code the write benchmarks compare: plain NIO as a good engineer writes it, the peers
 * ({@link ChronicleQueueAppender}, {@link KafkaLogAppender}), and sluice's log under a named policy. Each appends one record at a time and makes everything durable
 * every {@code durableEvery} bytes (0: only at the end) and at {@link #finish()}.
 */
abstract class Appenders implements AutoCloseable {
    /**
     * The system property that sets sluice-coalesce's linger in ms (default 1). LimitProgramTest sets it
     * long: under strace the appends run slowly enough for a 1 ms linger to cut buffers short at random.
     */
    static final String LINGER_PROPERTY = "sluice.bench.coalesce.linger.ms";
    /** sluice-coalesce's policy: appends gathered into writes of at least 1 MiB, none waiting more than the linger. */
    static final Coalescing COALESCING = Coalescing.upTo(DataSize.mib(1),
            Duration.ofMillis(Long.getLong(LINGER_PROPERTY, 1)));
    /** Segments hold the whole run: no roll inside a measurement. */
    private static final long SEGMENT_SLACK = 64L << 20;

    abstract void append(ByteBuffer record) throws IOException;

    /** Makes everything appended durable. */
    abstract void finish() throws IOException;

    @Override
    public abstract void close() throws IOException;

    /**
     * @param variant {@code nio-write}, {@code nio-write-bgforce}, {@code peer-chronicle}, {@code peer-kafka} or a
     *                sluice variant named in {@link #sluiceConfig}
     * @param dir an empty directory on the disk under test
     */
    static Appenders open(String variant, Path dir, long totalBytes, int recordSize, long durableEvery) throws IOException {
        return switch (variant) {
            case "nio-write" -> new NioAppender(dir.resolve("nio.log"), durableEvery, false);
            case "nio-write-bgforce" -> new NioAppender(dir.resolve("nio.log"), durableEvery, true);
            case "peer-chronicle" -> new ChronicleQueueAppender(dir, totalBytes, durableEvery);
            case "peer-kafka" -> new KafkaLogAppender(dir, recordSize, durableEvery);
            default -> new LogAppender(Log.open(dir, sluiceConfig(variant, totalBytes, recordSize, durableEvery)));
        };
    }

    /** The log configuration behind each sluice variant. */
    static LogConfig sluiceConfig(String variant, long totalBytes, int recordSize, long durableEvery) {
        LogConfig.Builder b = LogConfig.builder()
                .segmentBytes(totalBytes + SEGMENT_SLACK)
                .maxBatchBytes(Math.max(1 << 20, recordSize + 4096))
                .durability(durableEvery > 0 ? Durability.everyBytes(DataSize.ofBytes(durableEvery)) : Durability.none());
        return switch (variant) {
            case "sluice-plain" -> b.build();
            case "sluice-writebehind" -> b.writeBehind(WriteBehind.every(DataSize.mib(16))).build();
            case "sluice-writebehind-1m" -> b.writeBehind(WriteBehind.every(DataSize.mib(1))).build();
            case "sluice-bounded" -> b.writeBehind(WriteBehind.bounded(DataSize.mib(16))).build();
            case "sluice-dropbehind" -> b.writeBehind(WriteBehind.every(DataSize.mib(16))).cacheHint(CacheHint.DROP_BEHIND).build();
            case "sluice-uncached" -> b.writeBehind(WriteBehind.every(DataSize.mib(16))).cacheHint(CacheHint.UNCACHED).build();
            case "sluice-direct" -> b.ioMode(IoMode.DIRECT).build();
            case "sluice-direct-coalesce" -> b.ioMode(IoMode.DIRECT).coalescing(COALESCING).build();
            case "sluice-mmap" -> b.ioMode(IoMode.MMAP).writeBehind(WriteBehind.every(DataSize.mib(16))).build();
            case "sluice-coalesce" -> b.writeBehind(WriteBehind.every(DataSize.mib(16))).coalescing(COALESCING).build();
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
    }

    /**
     * FileChannel.write of a direct buffer, and force(false) (fdatasync) every {@code durableEvery}
     * bytes: inline on the appending thread, or ({@code background}) handed to a second thread so
     * appends go on while it runs, the way a careful NIO engineer would hide the stall.
     */
    static final class NioAppender extends Appenders {
        private final FileChannel channel;
        private final long durableEvery;
        private final ExecutorService forcer;
        private Future<?> forcing;
        private long sinceForce;

        NioAppender(Path file, long durableEvery, boolean background) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.durableEvery = durableEvery;
            this.forcer = background ? Executors.newSingleThreadExecutor() : null;
        }

        @Override
        void append(ByteBuffer record) throws IOException {
            while (record.hasRemaining()) {
                sinceForce += channel.write(record);
            }
            if (durableEvery > 0 && sinceForce >= durableEvery) {
                sinceForce = 0;
                if (forcer == null) {
                    channel.force(false);
                } else if (forcing == null || forcing.isDone()) {
                    awaitForce();
                    forcing = forcer.submit(() -> {
                        channel.force(false);
                        return null;
                    });
                }
            }
        }

        private void awaitForce() throws IOException {
            if (forcing == null) {
                return;
            }
            try {
                forcing.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }

        @Override
        void finish() throws IOException {
            awaitForce();
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            if (forcer != null) {
                forcer.shutdown();
            }
            channel.close();
        }
    }

    static final class LogAppender extends Appenders {
        private final Log log;

        LogAppender(Log log) {
            this.log = log;
        }

        @Override
        void append(ByteBuffer record) throws IOException {
            log.append(MemorySegment.ofBuffer(record));
        }

        @Override
        void finish() throws IOException {
            log.flush();
        }

        @Override
        public void close() throws IOException {
            log.close();
        }
    }
}
