package dev.sluice.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what {@code strace -f -o FILE} wrote: one list of calls per thread id. */
public final class StraceOutput {
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(.*)$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. [a-z0-9_]+ resumed>(.*)$");

    private StraceOutput() {
    }

    /** The trace's calls by thread id, in order, with calls split by other threads' joined back together. */
    public static Map<String, List<String>> byThread(List<String> trace) {
        Map<String, List<String>> byThread = new LinkedHashMap<>();
        Map<String, String> unfinished = new HashMap<>();
        for (String raw : trace) {
            Matcher m = LINE.matcher(raw);
            if (!m.matches()) {
                continue;
            }
            String tid = m.group(1);
            String body = m.group(2);
            if (body.endsWith(" <unfinished ...>")) {
                unfinished.put(tid, body.substring(0, body.length() - " <unfinished ...>".length()));
                continue;
            }
            Matcher resumed = RESUMED.matcher(body);
            if (resumed.matches()) {
                String start = unfinished.remove(tid);
                if (start == null) {
                    continue;
                }
                body = start + resumed.group(1);
            }
            byThread.computeIfAbsent(tid, k -> new ArrayList<>()).add(body);
        }
        return byThread;
    }
}
