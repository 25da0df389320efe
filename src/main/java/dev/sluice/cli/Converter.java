package dev.sluice.cli;

/**
 * Turns an argument's text into its value. A value it refuses is an {@link IllegalArgumentException}
 * whose message says why in words for the person who typed it; the parser puts it after "Invalid
 * value for option '--x': ".
 */
@FunctionalInterface
interface Converter<T> {
    T convert(String text);

    Converter<String> STRING = text -> text;

    Converter<java.nio.file.Path> PATH = text -> {
        try {
            return java.nio.file.Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("not a path: '" + text.replace("\0", "\\0") + "' (" + e.getReason() + ")");
        }
    };

    Converter<Integer> INT = text -> {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an int");
        }
    };

    Converter<Long> LONG = text -> {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a long");
        }
    };

    /** What a flag takes after '=': {@code --json=false}. */
    Converter<Boolean> BOOLEAN = text -> {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("'" + text + "' is not a boolean");
    };
}
