package dev.sluice.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The values a command line gave one command: each option's, and each positional parameter's. */
final class ParsedArgs {
    private final Map<OptionSpec<?>, Object> options = new HashMap<>();
    private final Map<ParamSpec<?>, List<?>> params = new HashMap<>();

    <T> void set(OptionSpec<T> option, T value) {
        options.put(option, value);
    }

    <T> void set(ParamSpec<T> param, List<T> values) {
        params.put(param, List.copyOf(values));
    }

    /** {@return the option's value, or its default if it was not given} */
    @SuppressWarnings("unchecked") // set(OptionSpec<T>, T) is the only way in
    <T> T get(OptionSpec<T> option) {
        return options.containsKey(option) ? (T) options.get(option) : option.defaultValue();
    }

    boolean isSet(OptionSpec<?> option) {
        return options.containsKey(option);
    }

    /** {@return the parameter's values, in order; empty if none were given} */
    @SuppressWarnings("unchecked") // set(ParamSpec<T>, List<T>) is the only way in
    <T> List<T> get(ParamSpec<T> param) {
        return (List<T>) params.getOrDefault(param, List.of());
    }
}
