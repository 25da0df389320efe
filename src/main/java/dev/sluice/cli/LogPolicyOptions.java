package dev.sluice.cli;

import dev.sluice.log.CacheHint;
import dev.sluice.log.Coalescing;
import dev.sluice.log.DataSize;
import dev.sluice.log.Durability;
import dev.sluice.log.IoMode;
import dev.sluice.log.LogConfig;
import dev.sluice.log.LogFormat;
import dev.sluice.log.WriteBehind;

import java.util.Locale;

/** The writer policy flags shared by {@code log append} and {@code log gen}. */
final class LogPolicyOptions {
    static final long DEFAULT_MAX_BATCH = 1 << 20;

    static final Converter<DataSize> SIZE = DataSize::parse;

    private static final OptionSpec<IoMode> IO = OptionSpec.value("--io", "pwrite|mmap|direct", LogPolicyOptions::io,
            "How batches are written (default: pwrite); direct (O_DIRECT) bypasses the page cache, so it takes neither "
                    + "--cache nor --write-behind.").defaultValue(IoMode.PWRITE);

    private static final OptionSpec<WriteBehind> WRITE_BEHIND = OptionSpec.value("--write-behind",
            "off|SIZE|bounded:SIZE", WriteBehind::parse,
            "Start write-back every SIZE bytes, or bound dirty data to about 2 x SIZE (default: off).")
            .defaultValue(WriteBehind.off());

    private static final OptionSpec<Coalescing> COALESCE = OptionSpec.value("--coalesce", "off|SIZE,LINGER",
            Coalescing::parse, "Gather appends into one write of at least SIZE bytes, none waiting longer than LINGER "
                    + "(ms or us, e.g. 64k,1ms); readers see an append once it is written (default: off; --io pwrite "
                    + "or direct, and a --durability other than every).").defaultValue(Coalescing.off());

    private static final OptionSpec<Durability> DURABILITY = OptionSpec.value("--durability",
            "none|every|bytes:SIZE|ms:N", Durability::parse,
            "When records become durable: never synced, an fdatasync per append (the default), or group commit every "
                    + "SIZE bytes or N ms.").defaultValue(Durability.everyAppend());

    private static final OptionSpec<CacheHint> CACHE = OptionSpec.value("--cache", "keep|drop-behind|uncached",
            LogPolicyOptions::cache, "What the page cache keeps of what is written (default: keep); uncached is "
                    + "RWF_DONTCACHE with --io pwrite (drop-behind on kernels before 6.14).").defaultValue(CacheHint.KEEP);

    private static final OptionSpec<DataSize> SEGMENT_SIZE = OptionSpec.value("--segment-size", "SIZE", SIZE,
            "Roll segments at this size (default: 256m).").defaultValue(DataSize.mib(256));

    private static final OptionSpec<DataSize> MAX_BATCH = OptionSpec.value("--max-batch", "SIZE", SIZE,
            "The largest batch, header included (default: 1m; for log gen, at least what one batch of --batch records "
                    + "of --record-size takes); reading needs at least the size it was written with.");

    static final OptionSpec<LogFormat> FORMAT = OptionSpec.value("--format", "sluice|kafka", LogPolicyOptions::format,
            "The files of a new log (default: sluice): sluice's own, or Kafka's (%020d.log segments of v2 record "
                    + "batches, .index, .timeindex, segments at most 2g). An existing log keeps its format: naming "
                    + "another is an error.").defaultValue(LogFormat.SLUICE);

    private final LogFormat format;
    private final boolean formatSet;
    private final IoMode io;
    private final WriteBehind writeBehind;
    private final Coalescing coalescing;
    private final Durability durability;
    private final CacheHint cache;
    private final DataSize segmentSize;
    private final DataSize maxBatch;

    LogPolicyOptions(Invocation call) {
        format = call.get(FORMAT);
        formatSet = call.isSet(FORMAT);
        io = call.get(IO);
        writeBehind = call.get(WRITE_BEHIND);
        coalescing = call.get(COALESCE);
        durability = call.get(DURABILITY);
        cache = call.get(CACHE);
        segmentSize = call.get(SEGMENT_SIZE);
        maxBatch = call.get(MAX_BATCH);
    }

    /** Adds the policy flags to {@code command}. */
    static CommandSpec define(CommandSpec command) {
        return command.option(FORMAT).option(IO).option(WRITE_BEHIND).option(COALESCE).option(DURABILITY).option(CACHE).option(SEGMENT_SIZE)
                .option(MAX_BATCH);
    }

    /** The configuration, with --max-batch or else 1 MiB; flags that do not fit together are a usage error. */
    LogConfig config() {
        return config(DEFAULT_MAX_BATCH);
    }

    /**
     * The configuration, with --max-batch or else {@code defaultMaxBatch}; flags that do not fit
     * together are a usage error.
     */
    LogConfig config(long defaultMaxBatch) {
        return config(defaultMaxBatch, format);
    }

    /** {@link #config(long)} for a log in {@code format} (an existing log's, when --format was not given). */
    LogConfig config(long defaultMaxBatch, LogFormat format) {
        try {
            long batchBytes = maxBatchSet() ? maxBatch.bytes() : defaultMaxBatch;
            if (batchBytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--max-batch is too large: " + DataSize.ofBytes(batchBytes)
                        + " (at most " + Integer.MAX_VALUE + " bytes)");
            }
            refuseWhatMeansNothing();
            return LogConfig.builder().ioMode(io).writeBehind(writeBehind).coalescing(coalescing).durability(durability).cacheHint(cache)
                    .segmentBytes(segmentSize.bytes()).maxBatchBytes((int) batchBytes).format(format).build();
        } catch (IllegalArgumentException e) {
            throw new UsageError(OneLine.of(e));
        }
    }

    /** The format --format asks for (sluice unless given). */
    LogFormat format() {
        return format;
    }

    /** Whether --format was given: then an existing log in the other format is refused, not appended to. */
    boolean formatSet() {
        return formatSet;
    }

    boolean maxBatchSet() {
        return maxBatch != null;
    }

    /** O_DIRECT bypasses the page cache, and a mapping cannot write uncached: such flags would be ignored. */
    private void refuseWhatMeansNothing() {
        if (io == IoMode.DIRECT && cache != CacheHint.KEEP) {
            throw new IllegalArgumentException("--cache " + name(cache) + " means nothing with --io direct: "
                    + "O_DIRECT writes bypass the page cache, so there is nothing to drop");
        }
        if (io == IoMode.DIRECT && writeBehind.kind() != WriteBehind.Kind.OFF) {
            throw new IllegalArgumentException("--write-behind means nothing with --io direct: O_DIRECT writes reach the "
                    + "device at once, leaving no dirty pages to write back early");
        }
        if (io == IoMode.MMAP && cache == CacheHint.UNCACHED) {
            throw new IllegalArgumentException("--cache uncached needs --io pwrite (RWF_DONTCACHE is a flag of pwritev2; "
                    + "stores into a mapping cannot be uncached); with --io mmap, --cache drop-behind drops what is written");
        }
    }

    private static IoMode io(String value) {
        return switch (value) {
            case "pwrite" -> IoMode.PWRITE;
            case "mmap" -> IoMode.MMAP;
            case "direct" -> IoMode.DIRECT;
            default -> throw new IllegalArgumentException("not an I/O mode: '" + value + "' (pwrite, mmap, direct)");
        };
    }

    private static LogFormat format(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "sluice" -> LogFormat.SLUICE;
            case "kafka" -> LogFormat.KAFKA;
            default -> throw new IllegalArgumentException("not a log format: '" + value + "' (sluice, kafka)");
        };
    }

    /** The flag's value for a format: sluice, kafka. */
    static String name(LogFormat format) {
        return format.name().toLowerCase(Locale.ROOT);
    }

    private static CacheHint cache(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "keep" -> CacheHint.KEEP;
            case "drop-behind" -> CacheHint.DROP_BEHIND;
            case "uncached" -> CacheHint.UNCACHED;
            default -> throw new IllegalArgumentException("not a cache hint: '" + value + "' (keep, drop-behind, uncached)");
        };
    }

    /** The flag's value for a hint: keep, drop-behind, uncached. */
    static String name(CacheHint hint) {
        return hint.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
