package dev.sluice.cli;

import dev.sluice.log.CacheHint;
import dev.sluice.log.DataSize;
import dev.sluice.log.Durability;
import dev.sluice.log.IoMode;
import dev.sluice.log.LogConfig;
import dev.sluice.log.WriteBehind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** The writer policy flags shared by {@code log append} and {@code log gen}. */
final class LogPolicyOptions {
    @Option(names = "--io", paramLabel = "pwrite|mmap|direct", converter = IoConverter.class,
            description = "How batches are written (default: pwrite).")
    IoMode io = IoMode.PWRITE;

    @Option(names = "--write-behind", paramLabel = "off|SIZE|bounded:SIZE", converter = WriteBehindConverter.class,
            description = "Start write-back every SIZE bytes, or bound dirty data to about 2 x SIZE (default: off).")
    WriteBehind writeBehind = WriteBehind.off();

    @Option(names = "--durability", paramLabel = "none|every|bytes:SIZE|ms:N", converter = DurabilityConverter.class,
            description = "When records become durable (default: every append).")
    Durability durability = Durability.everyAppend();

    @Option(names = "--cache", paramLabel = "keep|drop-behind|uncached", converter = CacheConverter.class,
            description = "What the page cache keeps of what is written (default: keep).")
    CacheHint cache = CacheHint.KEEP;

    @Option(names = "--segment-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Roll segments at this size (default: 256m).")
    DataSize segmentSize = DataSize.mib(256);

    @Option(names = "--max-batch", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "The largest batch (default: 1m); reading needs at least the size it was written with.")
    DataSize maxBatch = DataSize.mib(1);

    /** The configuration; flags that do not fit together are a usage error of {@code command}. */
    LogConfig config(picocli.CommandLine command) {
        try {
            if (maxBatch.bytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--max-batch is too large: " + maxBatch);
            }
            return LogConfig.builder().ioMode(io).writeBehind(writeBehind).durability(durability).cacheHint(cache)
                    .segmentBytes(segmentSize.bytes()).maxBatchBytes((int) maxBatch.bytes()).build();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(command, e.getMessage());
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
    }
}
