package dev.sluice.cli;

/**
 * The positional parameters of a command, as data: a label ({@code PATH}), how many it takes (an
 * arity: at least {@code min}, at most {@code max}) and the converter of each one.
 */
final class ParamSpec<T> {
    static final int MANY = Integer.MAX_VALUE;

    private final String label;
    private final int min;
    private final int max;
    private final Converter<T> converter;
    private final String description;

    private ParamSpec(String label, int min, int max, Converter<T> converter, String description) {
        if (min < 0 || max < Math.max(min, 1)) {
            throw new IllegalArgumentException("arity " + min + ".." + max + " of " + label);
        }
        this.label = label;
        this.min = min;
        this.max = max;
        this.converter = converter;
        this.description = description;
    }

    /** {@code min} or more values ({@code 1} for {@code PATH...}, {@code 0} for {@code [COMMAND...]}). */
    static <T> ParamSpec<T> many(String label, int min, Converter<T> converter, String description) {
        return new ParamSpec<>(label, min, MANY, converter, description);
    }

    /** Exactly one value, or at most one when {@code optional}. */
    static <T> ParamSpec<T> one(String label, boolean optional, Converter<T> converter, String description) {
        return new ParamSpec<>(label, optional ? 0 : 1, 1, converter, description);
    }

    String label() {
        return label;
    }

    int min() {
        return min;
    }

    int max() {
        return max;
    }

    String description() {
        return description;
    }

    /** {@code PATH...}, {@code [COMMAND...]}, {@code FILE}, {@code [FILE]}: how the usage shows it. */
    String synopsis() {
        String shown = max > 1 ? label + "..." : label;
        return min == 0 ? "[" + shown + "]" : shown;
    }

    T convert(String text) {
        return converter.convert(text);
    }

    @Override
    public String toString() {
        return synopsis();
    }
}
