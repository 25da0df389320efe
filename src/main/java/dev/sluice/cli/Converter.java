package dev.sluice.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns an argument's text into its value. A value it refuses is an {@link IllegalArgumentException}
 * whose message says why in words for the person who typed it; the parser puts it after "Invalid
 * value for option '--x': ". The common ones are static methods, to pass as {@code Converter::toInt}:
 * a constant would spin every one of them as a lambda at start-up.
 */
@FunctionalInterface
interface Converter<T> {
    T convert(String text);

    static String asIs(String text) {
        return text;
    }

    static Path toPath(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a path: '" + text.replace("\0", "\\0") + "' (" + e.getReason() + ")");
        }
    }

    static Integer toInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an int");
        }
    }

    static Long toLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a long");
        }
    }
}
