package dev.sluice.cli;

import dev.sluice.cache.PageCache;
import dev.sluice.cache.Progress;
import dev.sluice.cache.Residency;
import dev.sluice.log.DataSize;
import dev.sluice.log.Durability;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogFormat;
import dev.sluice.log.LogVerifier;
import dev.sluice.log.SegmentInfo;
import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

/** {@code sluice log}: append, read, check and serve a segmented log. */
final class LogCommand {
    static final String DESCRIPTION = "Append to, read, verify, inspect, serve and warm a segmented log (sluice's or Kafka's format).";

    private LogCommand() {
    }

    static void define(CommandSpec command) {
        command.subcommand("append", Append.DESCRIPTION, c -> Append.define(c))
                .subcommand("dump", LogDumpCommand.DESCRIPTION, c -> LogDumpCommand.define(c))
                .subcommand("verify", Verify.DESCRIPTION, c -> Verify.define(c))
                .subcommand("stat", Stat.DESCRIPTION, c -> Stat.define(c))
                .subcommand("gen", Gen.DESCRIPTION, c -> Gen.define(c))
                .subcommand("serve", LogServeCommand.DESCRIPTION, c -> LogServeCommand.define(c))
                .subcommand("warm", LogRangeCacheCommand.Warm.DESCRIPTION, c -> LogRangeCacheCommand.Warm.define(c))
                .subcommand("evict", LogRangeCacheCommand.Evict.DESCRIPTION, c -> LogRangeCacheCommand.Evict.define(c));
    }

    /** The option {@code --from N}: the first offset, null for the log's start. */
    static OptionSpec<Long> from(String description) {
        return OptionSpec.value("--from", "N", Converter::toLong, description);
    }

    /** --dir and --max-batch for the commands that read an existing log. */
    static final class ExistingLog {
        private static final OptionSpec<Path> DIR = OptionSpec.value("--dir", "DIR", Converter::toPath,
                "The log directory.").required();
        /** Kafka's message.max.bytes by default: 1 MiB and the 12 bytes of a batch's offset and length. */
        private static final long KAFKA_MESSAGE_MAX_BYTES = (1 << 20) + 12;
        private static final OptionSpec<DataSize> MAX_BATCH = OptionSpec.value("--max-batch", "SIZE",
                LogPolicyOptions.SIZE, "The largest batch the log was written with (default: 1048588 bytes, 1m and "
                        + "12, Kafka's default message.max.bytes, so a broker's batches fit).")
                .defaultValue(DataSize.ofBytes(KAFKA_MESSAGE_MAX_BYTES));

        final Path dir;
        private final DataSize maxBatch;

        ExistingLog(Invocation call) {
            dir = call.get(DIR);
            maxBatch = call.get(MAX_BATCH);
        }

        /** Adds --dir and --max-batch to {@code command}. */
        static CommandSpec define(CommandSpec command) {
            return command.option(DIR).option(MAX_BATCH);
        }

        /** The configuration to read with; a --max-batch the library cannot take is a usage error. */
        LogConfig config() {
            try {
                if (maxBatch.bytes() > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("--max-batch is too large: " + maxBatch);
                }
                return LogConfig.builder().maxBatchBytes((int) maxBatch.bytes())
                        .segmentBytes(Math.max(maxBatch.bytes(), 256L << 20)).build();
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
        }

        /** A negative --from is a usage error (one past the end, or before the start, is found out later). */
        void checkFrom(Long from) {
            if (from != null && from < 0) {
                throw new UsageError("--from must be >= 0, was " + from);
            }
        }

        Path requireDirectory() throws NoSuchFileException {
            if (!Files.isDirectory(dir)) {
                throw new NoSuchFileException(dir.toString(), null, "no such log directory");
            }
            return dir;
        }

        Log openReadOnly() throws IOException {
            return Log.openReadOnly(requireDirectory(), config());
        }
    }

    static final class Append {
        static final String DESCRIPTION = "Append each line of standard input as one record; print 'acked OFFSET' once "
                + "durable.\nWith --durability none nothing is synced: it prints 'appended OFFSET' once written.\n"
                + "In Kafka's format each line is a record's value, with no key and no headers.";

        private Append() {
        }

        static void define(CommandSpec command) {
            LogPolicyOptions.define(command.option(NewLog.DIR)).action(Append::run);
        }

        private static int run(Invocation call) throws IOException {
            PrintWriter out = call.out();
            LogPolicyOptions policy = new LogPolicyOptions(call);
            LogConfig config = policy.config();
            try (Log log = NewLog.open(call.get(NewLog.DIR), config, policy.formatSet())) {
                Acks acks = new Acks(out, log.endOffset(), config.durability().kind() == Durability.Kind.NONE
                        ? "appended" : "acked");
                log.onDurable(acks::durableUpTo);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    log.append(line.getBytes(StandardCharsets.UTF_8));
                }
                log.flush();
            }
            return 0;
        }

        /** Prints one 'acked N' line per record, in order, as the durable offset advances. */
        private static final class Acks {
            private final PrintWriter out;
            private final String word;
            private long next;

            Acks(PrintWriter out, long first, String word) {
                this.out = out;
                this.next = first;
                this.word = word;
            }

            synchronized void durableUpTo(long offset) {
                for (; next < offset; next++) {
                    out.println(word + " " + next);
                }
                out.flush();
            }
        }
    }

    static final class Verify {
        static final String DESCRIPTION = "Check every CRC and index; exit 1 naming the first problem.";

        private Verify() {
        }

        static void define(CommandSpec command) {
            ExistingLog.define(command).action(Verify::run);
        }

        private static int run(Invocation call) throws IOException {
            ExistingLog target = new ExistingLog(call);
            LogVerifier.Result result = LogVerifier.verify(target.requireDirectory(), target.config());
            if (result.clean()) {
                call.out().println(result);
                call.out().flush();
                return 0;
            }
            call.err().println("sluice: log verify: " + result);
            call.err().flush();
            return 1;
        }
    }

    static final class Stat {
        static final String DESCRIPTION = "List segments: base offset, size, allocated blocks, records, offsets, "
                + "page-cache residency; then the totals and the log's format (sluice or kafka).";

        private Stat() {
        }

        static void define(CommandSpec command) {
            ExistingLog.define(command).action(Stat::run);
        }

        private static int run(Invocation call) throws IOException {
            ExistingLog target = new ExistingLog(call);
            PrintWriter out = call.out();
            try (Log log = target.openReadOnly()) {
                out.printf("%-22s %-12s %-12s %-10s %-12s %-12s %-8s %s%n", "BASE_OFFSET", "SIZE", "ALLOCATED", "RECORDS",
                        "FIRST", "LAST", "CACHED", "SEGMENT");
                long size = 0;
                long allocated = 0;
                List<SegmentInfo> segments = log.segments();
                for (SegmentInfo s : segments) {
                    Path file = log.path().resolve(s.name());
                    Residency r = PageCache.residency(file);
                    long blocks = allocatedBytes(file);
                    size += s.sizeBytes();
                    allocated += blocks;
                    out.printf("%-22d %-12d %-12d %-10d %-12s %-12s %-8s %s%s%n", s.baseOffset(), s.sizeBytes(), blocks,
                            s.records(), s.records() == 0 ? "-" : Long.toString(s.baseOffset()),
                            s.records() == 0 ? "-" : Long.toString(s.lastOffset()),
                            String.format("%.1f%%", r.percentCached()), s.name(), s.active() ? " (active)" : "");
                }
                out.printf("total: %s, %s format, %d bytes of batches, %d bytes allocated on disk%n",
                        Plural.of(segments.size(), "segment"), LogPolicyOptions.name(log.config().format()), size,
                        allocated);
            }
            out.flush();
            return 0;
        }
    }

    /** The bytes the file's blocks take on disk (st_blocks), preallocation past its end included. */
    private static long allocatedBytes(Path file) throws IOException {
        try (NativeFile f = NativeFile.open(file, EnumSet.of(OpenFlag.READ))) {
            return f.status().allocatedBytes();
        }
    }

    static final class Gen {
        static final String DESCRIPTION = "Append synthetic records as fast as possible and print the throughput.\n"
                + "With --format kafka the records are Kafka's, with no key and no headers.\n"
                + "The default --durability every makes each batch durable before the next (an fdatasync each): "
                + "--durability none or ms:N measure the writer rather than the disk's sync latency.";
        private static final OptionSpec<DataSize> BYTES = OptionSpec.value("--bytes", "SIZE", LogPolicyOptions.SIZE,
                "How much record payload to append.").required();
        private static final OptionSpec<DataSize> RECORD_SIZE = OptionSpec.value("--record-size", "SIZE",
                LogPolicyOptions.SIZE, "Payload bytes per record.").required();
        private static final OptionSpec<Integer> BATCH = OptionSpec.value("--batch", "N", Converter::toInt,
                "Records per batch (default: 1).").defaultValue(1);

        private final Invocation call;
        private final Path dir;
        private final DataSize bytes;
        private final DataSize recordSize;
        private final int batch;
        private final LogPolicyOptions policy;

        private Gen(Invocation call) {
            this.call = call;
            dir = call.get(NewLog.DIR);
            bytes = call.get(BYTES);
            recordSize = call.get(RECORD_SIZE);
            batch = call.get(BATCH);
            policy = new LogPolicyOptions(call);
        }

        static void define(CommandSpec command) {
            LogPolicyOptions.define(command.option(NewLog.DIR).option(BYTES).option(RECORD_SIZE).option(BATCH))
                    .action(c -> new Gen(c).run());
        }

        /**
         * --format, or else the format of the log already in --dir (its batches are sized by it), or
         * else sluice's.
         */
        private LogFormat format() throws IOException {
            if (policy.formatSet()) {
                return policy.format();
            }
            long asIfSluice = GenBatchSize.of(policy.format(), batch, recordSize.bytes());
            if (asIfSluice > Integer.MAX_VALUE) {
                return policy.format(); // refused below whatever the format
            }
            return NewLog.existingFormat(dir, policy.config(defaultMaxBatch(asIfSluice))).orElse(policy.format());
        }

        /** Without --max-batch: 1 MiB, or one batch of --batch records rounded up to whole MiB. */
        private static long defaultMaxBatch(long batchBytes) {
            return Math.max(LogPolicyOptions.DEFAULT_MAX_BATCH, roundUpToMiB(batchBytes));
        }

        private static long roundUpToMiB(long bytes) {
            long mib = 1 << 20;
            return bytes > Long.MAX_VALUE - mib ? bytes : (bytes + mib - 1) / mib * mib;
        }

        private int run() throws IOException {
            if (recordSize.bytes() <= 0 || batch <= 0) {
                throw new UsageError("--record-size and --batch must be > 0");
            }
            LogFormat format = format();
            long batchBytes = GenBatchSize.of(format, batch, recordSize.bytes());
            if (!policy.maxBatchSet() && batchBytes > Integer.MAX_VALUE) {
                throw new UsageError("a batch of " + Plural.of(batch, "record")
                        + " of " + recordSize + " is more than the largest batch a log takes (" + Integer.MAX_VALUE
                        + " bytes)");
            }
            LogConfig config = policy.config(defaultMaxBatch(batchBytes), format);
            if (batchBytes > config.maxBatchBytes()) {
                throw new UsageError("a batch of " + Plural.of(batch, "record")
                        + " of " + recordSize + " takes " + batchBytes + " bytes with "
                        + GenBatchSize.framing(config.format()) + ", more than "
                        + "--max-batch " + DataSize.ofBytes(config.maxBatchBytes()) + " (" + config.maxBatchBytes()
                        + " bytes); leave --max-batch out, or make it at least " + batchBytes);
            }
            PrintWriter out = call.out();
            out.println("appending " + bytes + " in records of " + recordSize + ", " + batch + " per batch, to " + dir
                    + ": " + PolicyText.of(config) + (config.maxBatchBytes() > LogPolicyOptions.DEFAULT_MAX_BATCH
                    ? "; batches of up to " + DataSize.ofBytes(config.maxBatchBytes()) + ", so read this log with "
                    + "--max-batch " + DataSize.ofBytes(config.maxBatchBytes()) : ""));
            out.flush();
            byte[] payload = new byte[(int) recordSize.bytes()];
            new Random(1).nextBytes(payload);
            List<MemorySegment> records = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                records.add(MemorySegment.ofArray(payload));
            }
            long written = 0;
            long count = 0;
            long start = System.nanoTime();
            Progress progress = ProgressBar.forTerminal("appending to " + dir);
            LogConfig used;
            try (Log log = NewLog.open(dir, config, policy.formatSet())) {
                used = log.config(); // an existing log keeps its own format
                while (written < bytes.bytes()) {
                    log.appendBatch(records);
                    written += (long) payload.length * batch;
                    count += batch;
                    progress.update(Math.min(written, bytes.bytes()), bytes.bytes());
                }
                log.flush();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("appended %s, %d bytes in %.3f s: %.1f MiB/s, %.0f records/s (%s)%n", Plural.of(count, "record"),
                    written, seconds, written / seconds / (1 << 20), count / seconds, PolicyText.of(used));
            out.flush();
            return 0;
        }
    }
}
