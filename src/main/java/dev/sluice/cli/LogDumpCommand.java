package dev.sluice.cli;

import dev.sluice.log.CorruptLogException;
import dev.sluice.log.Log;
import dev.sluice.log.LogReader;
import dev.sluice.log.LogRecord;
import dev.sluice.log.ReaderConfig;
import dev.sluice.log.RecordHeader;
import dev.sluice.log.RecordVisitor;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** {@code sluice log dump}: prints the records of a log in either format, from an offset or a time. */
final class LogDumpCommand {
    static final String DESCRIPTION = "Print records: OFFSET<tab>PAYLOAD, or JSON lines with --json.\n"
            + "The payload (Kafka's value) is printed as UTF-8 text, with \\\\, \\t, \\n and \\r for backslash, tab, "
            + "newline and carriage return, and \\xHH for each byte of other control characters and of what is not "
            + "UTF-8; a null payload (a Kafka tombstone) is \\N.\n"
            + "At damage, every record before it is printed, then one line on stderr names it, and the exit status is 1.";
    private static final int RECORDS_PER_READ = 1000;
    private static final OptionSpec<Long> FROM = LogCommand.from("First offset (default: the log's start).");
    private static final OptionSpec<Long> FROM_TIME = OptionSpec.value("--from-time", "TIME", TimeArg::parse,
            "Start at the first record whose timestamp is at least TIME, as Kafka's offsetsForTimes finds it: "
                    + TimeArg.FORMS + ".");
    private static final OptionSpec<Boolean> JSON = OptionSpec.flag("--json", "One JSON object per line: offset, "
            + "timestamp (ms since the epoch), key, payload (the exact bytes in base64; null for none) and headers "
            + "(a list of {key, value}, the value in base64 or null). Sluice's own format stores no key or headers.");

    private LogDumpCommand() {
    }

    static void define(CommandSpec command) {
        LogCommand.ExistingLog.define(command).option(FROM).option(FROM_TIME).option(JSON)
                .action(LogDumpCommand::run);
    }

    private static int run(Invocation call) throws IOException {
        LogCommand.ExistingLog target = new LogCommand.ExistingLog(call);
        Long from = call.get(FROM);
        Long fromTime = call.get(FROM_TIME);
        if (from != null && fromTime != null) {
            throw new UsageError("--from and --from-time both say where to start: give one");
        }
        target.checkFrom(from);
        PrintWriter out = call.out();
        Printed printed = new Printed();
        try (Log log = target.openReadOnly()) {
            long first = from != null ? from : log.startOffset();
            if (fromTime != null) {
                OptionalLong found = log.offsetForTime(fromTime);
                if (found.isEmpty()) {
                    call.err().println("sluice: log dump: no record is as new as " + TimeArg.both(fromTime)
                            + ": nothing to print");
                    call.err().flush();
                    return 0;
                }
                first = found.getAsLong();
            }
            try (LogReader reader = log.reader(first, ReaderConfig.defaults())) {
                try {
                    if (call.get(JSON)) {
                        printJson(reader, out, printed);
                    } else {
                        printText(reader, out, printed);
                    }
                } catch (CorruptLogException e) {
                    return damaged(call, e, printed);
                }
            }
            if (log.ignoredTail().isPresent()) {
                return damaged(call, log.ignoredTail().get(), printed);
            }
        }
        out.flush();
        return 0;
    }

    /** Payloads in place, without copying them: the text form needs nothing else of a record. */
    private static void printText(LogReader reader, PrintWriter out, Printed printed) throws IOException {
        RecordVisitor print = (offset, timestamp, payload) -> {
            out.println(offset + "\t" + PayloadText.of(payload));
            printed.add(offset);
        };
        while (reader.read(RECORDS_PER_READ, print) > 0) {
            // each record is printed as it is read, so all before any damage are
        }
    }

    private static void printJson(LogReader reader, PrintWriter out, Printed printed) throws IOException {
        for (List<LogRecord> records; !(records = reader.poll(RECORDS_PER_READ)).isEmpty(); ) {
            for (LogRecord r : records) {
                out.println(json(r));
                printed.add(r.offset());
            }
        }
    }

    private static int damaged(Invocation call, CorruptLogException damage, Printed printed) {
        call.out().flush();
        PrintWriter err = call.err();
        err.println("sluice: log dump: " + damage.getMessage() + "; " + printed);
        err.flush();
        return 1;
    }

    /** How many records were printed, and their offsets. */
    private static final class Printed {
        private long count;
        private long first = -1;
        private long last = -1;

        void add(long offset) {
            count++;
            first = first < 0 ? offset : first;
            last = offset;
        }

        @Override
        public String toString() {
            return count == 0 ? "no record before it to print"
                    : count == 1 ? "printed the record before it (offset " + first + ")"
                    : "printed the " + count + " records before it (offsets " + first + " to " + last + ")";
        }
    }

    static String json(LogRecord r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("offset", r.offset());
        fields.put("timestamp", r.timestamp());
        fields.put("key", base64(r.key()));
        fields.put("payload", base64(r.payload()));
        List<Object> headers = new ArrayList<>();
        for (RecordHeader h : r.headers()) {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("key", h.key());
            header.put("value", base64(h.value()));
            headers.add(header);
        }
        fields.put("headers", headers);
        return Json.object(fields);
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}
