package dev.sluice.cli;

import dev.sluice.log.CacheHint;
import dev.sluice.log.DataSize;
import dev.sluice.log.Durability;
import dev.sluice.log.IoMode;
import dev.sluice.log.LogConfig;
import dev.sluice.log.WriteBehind;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** The writer policy flags shared by {@code log append} and {@code log gen}. */
final class LogPolicyOptions {
    static final long DEFAULT_MAX_BATCH = 1 << 20;

    @Option(names = "--io", paramLabel = "pwrite|mmap|direct", converter = IoConverter.class,
            description = "How batches are written (default: pwrite); direct (O_DIRECT) bypasses the page cache, so it "
                    + "takes neither --cache nor --write-behind.")
    IoMode io = IoMode.PWRITE;

    @Option(names = "--write-behind", paramLabel = "off|SIZE|bounded:SIZE", converter = WriteBehindConverter.class,
            description = "Start write-back every SIZE bytes, or bound dirty data to about 2 x SIZE (default: off).")
    WriteBehind writeBehind = WriteBehind.off();

    @Option(names = "--durability", paramLabel = "none|every|bytes:SIZE|ms:N", converter = DurabilityConverter.class,
            description = "When records become durable: never synced, an fdatasync per append (the default), or "
                    + "group commit every SIZE bytes or N ms.")
    Durability durability = Durability.everyAppend();

    @Option(names = "--cache", paramLabel = "keep|drop-behind|uncached", converter = CacheConverter.class,
            description = "What the page cache keeps of what is written (default: keep); uncached is RWF_DONTCACHE "
                    + "with --io pwrite (drop-behind on kernels before 6.14).")
    CacheHint cache = CacheHint.KEEP;

    @Option(names = "--segment-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Roll segments at this size (default: 256m).")
    DataSize segmentSize = DataSize.mib(256);

    @Option(names = "--max-batch", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "The largest batch, header included (default: 1m; for log gen, at least what one batch of "
                    + "--batch records of --record-size takes); reading needs at least the size it was written with.")
    DataSize maxBatch;

    /** The configuration, with --max-batch or else 1 MiB; flags that do not fit together are a usage error. */
    LogConfig config(CommandLine command) {
        return config(command, DEFAULT_MAX_BATCH);
    }

    /**
     * The configuration, with --max-batch or else {@code defaultMaxBatch}; flags that do not fit
     * together are a usage error of {@code command}.
     */
    LogConfig config(CommandLine command, long defaultMaxBatch) {
        try {
            long batchBytes = maxBatchSet() ? maxBatch.bytes() : defaultMaxBatch;
            if (batchBytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--max-batch is too large: " + DataSize.ofBytes(batchBytes)
                        + " (at most " + Integer.MAX_VALUE + " bytes)");
            }
            refuseWhatMeansNothing();
            return LogConfig.builder().ioMode(io).writeBehind(writeBehind).durability(durability).cacheHint(cache)
                    .segmentBytes(segmentSize.bytes()).maxBatchBytes((int) batchBytes).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, OneLine.of(e));
        }
    }

    boolean maxBatchSet() {
        return maxBatch != null;
    }

    /** O_DIRECT bypasses the page cache, and a mapping cannot write uncached: such flags would be ignored. */
    private void refuseWhatMeansNothing() {
        if (io == IoMode.DIRECT && cache != CacheHint.KEEP) {
            throw new IllegalArgumentException("--cache " + CacheConverter.name(cache) + " means nothing with --io direct: "
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

    /** A parse failure as picocli's usage error, so the user gets one line and exit 2. */
    static <T> T parsing(java.util.function.Function<String, T> parse, String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static final class SizeConverter implements ITypeConverter<DataSize> {
        @Override
        public DataSize convert(String value) {
            return parsing(DataSize::parse, value);
        }
    }

    static final class WriteBehindConverter implements ITypeConverter<WriteBehind> {
        @Override
        public WriteBehind convert(String value) {
            return parsing(WriteBehind::parse, value);
        }
    }

    static final class DurabilityConverter implements ITypeConverter<Durability> {
        @Override
        public Durability convert(String value) {
            return parsing(Durability::parse, value);
        }
    }

    static final class IoConverter implements ITypeConverter<IoMode> {
        @Override
        public IoMode convert(String value) {
            return switch (value) {
                case "pwrite" -> IoMode.PWRITE;
                case "mmap" -> IoMode.MMAP;
                case "direct" -> IoMode.DIRECT;
                default -> throw new TypeConversionException("not an I/O mode: '" + value + "' (pwrite, mmap, direct)");
            };
        }
    }

    static final class CacheConverter implements ITypeConverter<CacheHint> {
        @Override
        public CacheHint convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "keep" -> CacheHint.KEEP;
                case "drop-behind" -> CacheHint.DROP_BEHIND;
                case "uncached" -> CacheHint.UNCACHED;
                default -> throw new TypeConversionException("not a cache hint: '" + value + "' (keep, drop-behind, uncached)");
            };
        }

        /** The flag's value for a hint: keep, drop-behind, uncached. */
        static String name(CacheHint hint) {
            return hint.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
