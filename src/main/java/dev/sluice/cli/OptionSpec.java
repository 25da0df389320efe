package dev.sluice.cli;

/**
 * One option of a command, as data: {@code --name VALUE} (or {@code --name=VALUE}) converted by its
 * converter, or a flag, which takes no value (but {@code --flag=true|false}). An option given more
 * than once is a usage error.
 */
final class OptionSpec<T> {
    /** {@code -h, --help} on every command. */
    static final OptionSpec<Boolean> HELP = new OptionSpec<>("-h", "--help", null, null, false, false,
            "Show this help message and exit.");
    /** {@code -V, --version} on the top command. */
    static final OptionSpec<Boolean> VERSION = new OptionSpec<>("-V", "--version", null, null, false, false,
            "Print version information and exit.");

    private final String shortName;
    private final String name;
    private final String paramLabel;
    private final Converter<T> converter; // null for a flag
    private final T defaultValue;
    private final boolean required;
    private final String description;

    private OptionSpec(String shortName, String name, String paramLabel, Converter<T> converter, T defaultValue,
                       boolean required, String description) {
        if (!name.startsWith("--")) {
            throw new IllegalArgumentException("a long option starts with --: " + name);
        }
        this.shortName = shortName;
        this.name = name;
        this.paramLabel = paramLabel;
        this.converter = converter;
        this.defaultValue = defaultValue;
        this.required = required;
        this.description = description;
    }

    /** A flag: false unless given. */
    static OptionSpec<Boolean> flag(String name, String description) {
        return new OptionSpec<>(null, name, null, null, false, false, description);
    }

    /** An option taking a value, {@code null} unless given (see {@link #defaultValue}, {@link #required}). */
    static <T> OptionSpec<T> value(String name, String paramLabel, Converter<T> converter, String description) {
        return new OptionSpec<>(null, name, paramLabel, converter, null, false, description);
    }

    /** This option with {@code value} when it is not given. */
    OptionSpec<T> defaultValue(T value) {
        return new OptionSpec<>(shortName, name, paramLabel, converter, value, required, description);
    }

    /** This option, which must be given. */
    OptionSpec<T> required() {
        return new OptionSpec<>(shortName, name, paramLabel, converter, defaultValue, true, description);
    }

    String shortName() {
        return shortName;
    }

    String name() {
        return name;
    }

    /** The value's placeholder in the usage, e.g. {@code DIR}; null for a flag. */
    String paramLabel() {
        return paramLabel;
    }

    boolean isFlag() {
        return paramLabel == null;
    }

    boolean isRequired() {
        return required;
    }

    T defaultValue() {
        return defaultValue;
    }

    String description() {
        return description;
    }

    /** Whether {@code token} names this option: {@code --dir}, {@code --dir=x}, {@code -h}. */
    boolean isNamedBy(String token) {
        return token.equals(name) || token.equals(shortName) || token.startsWith(name + "=");
    }

    /** {@code --dir=DIR}, or {@code --json} for a flag: how the usage and the errors show it. */
    String synopsis() {
        return isFlag() ? name : name + "=" + paramLabel;
    }

    T convert(String text) {
        return converter.convert(text);
    }

    @Override
    public String toString() {
        return synopsis();
    }
}
