package dev.sluice.examples;

// README begin
import dev.sluice.log.CacheHint;
import dev.sluice.log.Coalescing;
import dev.sluice.log.DataSize;
import dev.sluice.log.Durability;
import dev.sluice.log.IoMode;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogReader;
import dev.sluice.log.LogRecord;
import dev.sluice.log.LogTransfer;
import dev.sluice.log.ReadAhead;
import dev.sluice.log.ReaderConfig;
import dev.sluice.log.WriteBehind;
import dev.sluice.sys.Fd;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
// README end

/** The README's tour of the log, compiled and run by {@link ReadmeExamplesTest}. */
final class LogExample {

    private LogExample() {
    }

    // README begin
    // socket: ChannelFds.of(socketChannel), or any descriptor sendfile(2) can write to
    static LogTransfer appendAndRead(Path dir, byte[] bytes, Fd socket) throws IOException, InterruptedException {
        LogConfig config = LogConfig.builder()
                .segmentBytes(256L << 20)
                .ioMode(IoMode.PWRITE)                                   // PWRITE, MMAP or DIRECT (O_DIRECT)
                .writeBehind(WriteBehind.every(DataSize.mib(16)))        // off(), every(N), bounded(N)
                .coalescing(Coalescing.off())                            // or upTo(N, linger): small appends in one pwrite
                .durability(Durability.every(Duration.ofMillis(5)))      // none(), everyAppend(), everyBytes(N), every(T)
                .cacheHint(CacheHint.DROP_BEHIND)                        // KEEP, DROP_BEHIND, UNCACHED
                .retention(10L << 30, Duration.ofDays(7))
                .build();
        try (Log log = Log.open(dir, config)) {
            long first = log.append(bytes);                              // also ByteBuffer, MemorySegment, appendBatch(list)
            log.onDurable(durable -> System.out.println("durable below " + durable));   // offsets below it are on disk
            log.flush();                                                 // everything so far durable, now
            ReaderConfig readerConfig = new ReaderConfig(ReadAhead.explicit(DataSize.mib(32)), CacheHint.DROP_BEHIND);
            try (LogReader reader = log.reader(first, readerConfig)) {
                List<LogRecord> records = reader.poll(1000, Duration.ofSeconds(1));    // waits for appends, no spinning
                records.forEach(System.out::println);
                reader.seek(first);
                reader.read(1000, (offset, timestamp, payload) ->                   // zero copy: a view, valid during the call
                        System.out.println(offset + ": " + payload.byteSize() + " bytes"));
                return reader.transferTo(socket, first, 1 << 20);                   // whole batches by sendfile
            }
        }
    }
    // README end
}
