package dev.sluice.cli;

import dev.sluice.cache.EvictionReport;
import dev.sluice.cache.LockedRange;
import dev.sluice.cache.PageCache;
import dev.sluice.cache.Residency;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code sluice cache}: see, warm, evict and lock what the page cache holds for files. */
final class CacheCommand {
    static final String DESCRIPTION = "See, warm, evict and lock files in the page cache.";

    private static final ParamSpec<Path> PATHS = ParamSpec.many("PATH", 1, Converter::toPath, "Files or directories.");

    private CacheCommand() {
    }

    static void define(CommandSpec command) {
        command.subcommand("stat", Stat.DESCRIPTION, c -> Stat.define(c))
                .subcommand("warm", Warm.DESCRIPTION, c -> Warm.define(c))
                .subcommand("evict", Evict.DESCRIPTION, c -> Evict.define(c))
                .subcommand("lock", Lock.DESCRIPTION, c -> Lock.define(c));
    }

    /** One operation on each file; a failure is one line naming the file and errno, and the exit becomes 1. */
    @FunctionalInterface
    interface PerFile {
        void run(Path file) throws IOException;
    }

    static int forEachFile(Invocation call, PerFile operation) {
        PrintWriter err = call.err();
        String name = call.commandName();
        Targets targets = Targets.expand(call.get(PATHS), err, name);
        int failures = targets.failures();
        if (!targets.skipped().isEmpty()) {
            err.println("sluice: " + name + ": " + targets.skipped());
        }
        for (Path file : targets.files()) {
            try {
                operation.run(file);
            } catch (IOException | RuntimeException e) {
                err.println("sluice: " + name + ": " + OneLine.of(e));
                failures++;
            }
        }
        err.flush();
        return failures == 0 ? 0 : 1;
    }

    static final class Stat {
        static final String DESCRIPTION = "Show how much of each file is cached (directories are walked).";
        private static final OptionSpec<Boolean> JSON = OptionSpec.flag("--json", "Print one JSON array instead of a table.");

        private Stat() {
        }

        static void define(CommandSpec command) {
            command.option(JSON).param(PATHS).action(Stat::run);
        }

        private static int run(Invocation call) {
            PrintWriter out = call.out();
            List<Residency> rows = new ArrayList<>();
            int exit = forEachFile(call, file -> rows.add(PageCache.residency(file)));
            if (call.get(JSON)) {
                out.println(rows.stream().map(Stat::json).collect(java.util.stream.Collectors.joining(",\n  ", "[\n  ", "\n]"))
                        .replace("[\n  \n]", "[]"));
            } else {
                table(out, rows);
            }
            out.flush();
            return exit;
        }

        /** Sizes for people (--json has the bytes); a totals line when there is more than one file. */
        private static void table(PrintWriter out, List<Residency> rows) {
            row(out, "SIZE", "PAGES", "CACHED_PAGES", "CACHED", "PERCENT", "PATH");
            long size = 0;
            long pages = 0;
            long cachedPages = 0;
            long cachedBytes = 0;
            for (Residency r : rows) {
                row(out, Sizes.human(r.size()), Long.toString(r.pages()), Long.toString(r.cachedPages()),
                        Sizes.human(r.cachedBytes()), percent(r.cachedPages(), r.pages()), r.path().toString());
                size += r.size();
                pages += r.pages();
                cachedPages += r.cachedPages();
                cachedBytes += r.cachedBytes();
            }
            if (rows.size() > 1) {
                out.println("total: " + Plural.of(rows.size(), "file") + ", " + Sizes.human(size) + ", "
                        + Sizes.human(cachedBytes) + " cached (" + percent(cachedPages, pages) + " of "
                        + Plural.of(pages, "page") + ")");
            }
        }

        private static void row(PrintWriter out, String size, String pages, String cachedPages, String cached,
                                String percent, String path) {
            out.println(Text.left(size, 11) + " " + Text.left(pages, 10) + " " + Text.left(cachedPages, 12) + " "
                    + Text.left(cached, 11) + " " + Text.left(percent, 8) + " " + path);
        }

        private static String percent(long part, long whole) {
            return Text.oneDecimal(whole == 0 ? 0.0 : 100.0 * part / whole) + "%";
        }

        private static String json(Residency r) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("path", r.path());
            fields.put("size", r.size());
            fields.put("pageSize", r.pageSize());
            fields.put("pages", r.pages());
            fields.put("cachedPages", r.cachedPages());
            fields.put("cachedBytes", r.cachedBytes());
            if (r.hasWriteCounts()) {
                fields.put("dirtyPages", r.dirtyPages());
                fields.put("writebackPages", r.writebackPages());
                fields.put("evictedPages", r.evictedPages());
                fields.put("recentlyEvictedPages", r.recentlyEvictedPages());
            }
            fields.put("source", r.source().name().toLowerCase());
            if (r.overReported()) {
                fields.put("overReported", true);
            }
            return Json.object(fields);
        }
    }

    static final class Warm {
        static final String DESCRIPTION = "Read each file into the page cache, one read-ahead window at a time.";

        private Warm() {
        }

        static void define(CommandSpec command) {
            command.param(PATHS).action(Warm::run);
        }

        private static int run(Invocation call) {
            PrintWriter out = call.out();
            return forEachFile(call, file -> {
                Residency r = PageCache.warm(file, 0, 0, ProgressBar.forTerminal("warming " + file));
                out.printf("warmed %s: %d of %d pages cached (%.1f%%)%n", file, r.cachedPages(), r.pages(), r.percentCached());
                out.flush();
            });
        }
    }

    static final class Evict {
        static final String DESCRIPTION = "Write back and drop each file from the page cache.";

        private Evict() {
        }

        static void define(CommandSpec command) {
            command.param(PATHS).action(Evict::run);
        }

        private static int run(Invocation call) {
            PrintWriter out = call.out();
            return forEachFile(call, file -> {
                EvictionReport report = PageCache.evict(file, 0, 0, ProgressBar.forTerminal("evicting " + file));
                out.printf("evicted %s: %d -> %d pages cached%s%n", file, report.before().cachedPages(),
                        report.after().cachedPages(),
                        report.retainedBecause().isEmpty() ? "" : "; kept: " + String.join("; ", report.retainedBecause()));
                out.flush();
            });
        }
    }

    static final class Lock {
        static final String DESCRIPTION = "Lock each file in memory (mmap + mlock) until interrupted.";

        private Lock() {
        }

        static void define(CommandSpec command) {
            command.param(PATHS).action(Lock::run);
        }

        private static int run(Invocation call) throws InterruptedException {
            PrintWriter out = call.out();
            List<LockedRange> locked = new ArrayList<>();
            int exit = forEachFile(call, file -> {
                LockedRange range = PageCache.lock(file, 0, 0);
                locked.add(range);
                out.printf("locked %s: %d bytes%n", file, range.bytes());
            });
            if (locked.isEmpty()) {
                return 1;
            }
            out.println("holding " + locked.size() + " file(s) in memory until interrupted (Ctrl-C)");
            out.flush();
            new CountDownLatch(1).await();
            return exit;
        }
    }
}
