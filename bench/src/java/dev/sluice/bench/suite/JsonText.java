package dev.sluice.bench.suite;

import java.util.List;
import java.util.Map;

/**
 * The JSON text of summary.json's values: strings, integers, finite doubles (else null), booleans,
 * null, lists and maps (as objects, in their iteration order). The suite's own, since the benchmarks
 * use only the library's public API and no part of the command line.
 */
final class JsonText {
    private JsonText() {
    }

    static String of(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String s) {
            return string(s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        } else if (value instanceof Double d) {
            return Double.isFinite(d) ? d.toString() : "null";
        } else if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (Object item : list) {
                out.append(out.length() > 1 ? ", " : "").append(of(item));
            }
            return out.append(']').toString();
        } else if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((name, item) -> out.append(out.length() > 1 ? ", " : "")
                    .append(string(String.valueOf(name))).append(": ").append(of(item)));
            return out.append('}').toString();
        }
        throw new IllegalArgumentException("no JSON for " + value.getClass().getName());
    }

    private static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
