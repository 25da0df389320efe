package dev.sluice.cli;

import dev.sluice.cache.EvictionReport;
import dev.sluice.cache.PageCache;
import dev.sluice.cache.Residency;
import dev.sluice.log.Log;
import dev.sluice.log.SegmentRange;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sluice log warm} and {@code sluice log evict}: an offset range's bytes into or out of the
 * page cache, found through the log's index and batch headers ({@link Log#byteRanges}), beside a
 * running writer. KAFKA-7504 as a tool: warm what a lagging consumer is about to read, so its reads
 * neither block on the disk nor push the hot tail out; drop a range once it was scanned.
 */
final class LogRangeCacheCommand {
    private static final OptionSpec<Long> FROM = OptionSpec.value("--from", "N", Converter::toLong,
            "The first offset of the range.").required();
    private static final OptionSpec<Long> TO = OptionSpec.value("--to", "N", Converter::toLong,
            "The offset after the range's last (exclusive, as the log's end offset is; default: the log's end).");
    private static final String WHOLE_BATCHES = "The range grows to the whole batches holding its first and last "
            + "offsets, found through the index and batch headers, and to whole pages.\nOpens the log read-only, so it "
            + "works beside a running writer or broker. Residency is counted by cachestat(2) (mincore(2) before Linux "
            + "6.5); BEFORE is counted after the log's own open and index look-up, which read a few pages.";

    private LogRangeCacheCommand() {
    }

    /** What is done to one segment's part of the range: its residency before and after. */
    @FunctionalInterface
    private interface Operation {
        Done apply(SegmentRange range) throws IOException;
    }

    private record Done(Residency before, Residency after, List<String> notes) {
    }

    static final class Warm {
        static final String DESCRIPTION = "Bring an offset range into the page cache; print each segment's residency "
                + "before and after.\n" + WHOLE_BATCHES;

        private Warm() {
        }

        static void define(CommandSpec command) {
            LogCommand.ExistingLog.define(command).option(FROM).option(TO)
                    .action(c -> run(c, "warm", "warmed", range -> {
                        Residency before = PageCache.residency(range.file(), range.position(), range.length());
                        Residency after = PageCache.warm(range.file(), range.position(), range.length(),
                                ProgressBar.forTerminal("warming " + range.file().getFileName()));
                        return new Done(before, after, List.of());
                    }));
        }
    }

    static final class Evict {
        static final String DESCRIPTION = "Write back and drop an offset range from the page cache, for every "
                + "process; print each segment's residency before and after.\n" + WHOLE_BATCHES
                + "\nPages another process maps or locks stay; the line of their segment says why.";

        private Evict() {
        }

        static void define(CommandSpec command) {
            LogCommand.ExistingLog.define(command).option(FROM).option(TO)
                    .action(c -> run(c, "evict", "evicted", range -> {
                        EvictionReport report = PageCache.evict(range.file(), range.position(), range.length(),
                                ProgressBar.forTerminal("evicting " + range.file().getFileName()));
                        return new Done(report.before(), report.after(), report.retainedBecause());
                    }));
        }
    }

    private static int run(Invocation call, String verb, String done, Operation operation) throws IOException {
        LogCommand.ExistingLog target = new LogCommand.ExistingLog(call);
        long from = call.get(FROM);
        Long to = call.get(TO);
        target.checkFrom(from);
        if (to != null && to < from) {
            throw new UsageError("--to " + to + " is before --from " + from + " (--to is exclusive: the offset after the "
                    + "range's last)");
        }
        PrintWriter out = call.out();
        try (Log log = target.openReadOnly()) {
            if (from < log.startOffset() || from > log.endOffset()) {
                throw new IllegalArgumentException("--from " + from + " is outside the log [" + log.startOffset() + ", "
                        + log.endOffset() + "]");
            }
            long end = to == null ? log.endOffset() : Math.min(to, log.endOffset());
            List<SegmentRange> ranges = log.byteRanges(from, end);
            if (ranges.isEmpty()) {
                out.println("nothing to " + verb + ": no record in offsets [" + from + ", " + end + ") of the log ["
                        + log.startOffset() + ", " + log.endOffset() + ")");
                out.flush();
                return 0;
            }
            row(out, "SEGMENT", "OFFSETS", "POSITION", "BYTES", "BEFORE", "AFTER");
            Totals totals = new Totals();
            for (SegmentRange range : ranges) {
                Done d = operation.apply(range);
                row(out, range.file().getFileName().toString(), range.firstOffset() + "-" + (range.nextOffset() - 1),
                        Long.toString(range.position()), Long.toString(range.length()), cached(d.before()),
                        cached(d.after()));
                for (String note : d.notes()) {
                    out.println("  kept: " + note);
                }
                totals.add(range, d);
                out.flush();
            }
            out.println(done + " offsets " + from + " to " + (end - 1) + " (whole batches " + ranges.getFirst().firstOffset()
                    + " to " + (ranges.getLast().nextOffset() - 1) + "): " + totals);
        }
        out.flush();
        return 0;
    }

    /** {@code 12/256 pages (4.7%)}: a range's cached pages. */
    private static String cached(Residency r) {
        return r.cachedPages() + "/" + r.pages() + " pages (" + Text.oneDecimal(r.percentCached()) + "%)";
    }

    private static void row(PrintWriter out, String segment, String offsets, String position, String bytes,
                            String before, String after) {
        out.println(Text.left(segment, 25) + " " + Text.left(offsets, 23) + " " + Text.left(position, 11) + " "
                + Text.left(bytes, 11) + " " + Text.left(before, 26) + " " + after);
    }

    /** The whole range: segments, bytes, cached pages before and after, and where the counts came from. */
    private static final class Totals {
        private final List<String> sources = new ArrayList<>();
        private int segments;
        private long bytes;
        private long pages;
        private long before;
        private long after;

        void add(SegmentRange range, Done d) {
            segments++;
            bytes += range.length();
            pages += d.after().pages();
            before += d.before().cachedPages();
            after += d.after().cachedPages();
            String source = d.after().source().name().toLowerCase();
            if (!sources.contains(source)) {
                sources.add(source);
            }
        }

        @Override
        public String toString() {
            return Plural.of(segments, "segment") + ", " + bytes + " bytes (" + Sizes.human(bytes) + "), "
                    + Plural.of(pages, "page") + ": " + before + " cached before (" + percent(before) + "), " + after
                    + " after (" + percent(after) + "), by " + String.join(" and ", sources);
        }

        private String percent(long cached) {
            return Text.oneDecimal(pages == 0 ? 100.0 : 100.0 * cached / pages) + "%";
        }
    }
}
