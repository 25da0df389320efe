package dev.sluice.bench.suite;

import dev.sluice.bench.BenchFiles;
import dev.sluice.bench.BenchJvm;
import org.openjdk.jmh.annotations.Fork;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code jvmArgsAppend} of a scenario's JMH options. Set there, it replaces the benchmark's own
 * {@code @Fork(jvmArgsAppend)} instead of adding to it, so this repeats those (and the flags every
 * fork needs, in case a benchmark forgot them) before adding where the benchmark files go.
 */
final class ForkArguments {
    /** What {@code @Fork} holds when an attribute was not given. */
    private static final String UNSET = "blank_blank_blank_2014";

    private ForkArguments() {
    }

    static List<String> of(Scenario scenario, Path dataDirectory) {
        Set<String> args = new LinkedHashSet<>(BenchJvm.FLAGS);
        args.addAll(declared(scenario));
        args.add("-D" + BenchFiles.DIRECTORY_PROPERTY + "=" + dataDirectory.toAbsolutePath());
        String root = System.getProperty(BenchCommand.ROOT_PROPERTY);
        if (root != null) {
            args.add("-D" + BenchCommand.ROOT_PROPERTY + "=" + Path.of(root).toAbsolutePath());
        }
        return List.copyOf(args);
    }

    /** The benchmark's {@code @Fork(jvmArgsAppend)}: the method's annotation if it has one, else its class's, as JMH reads them. */
    private static List<String> declared(Scenario scenario) {
        Fork fork = null;
        for (Method method : scenario.benchmark().getMethods()) {
            if (method.getName().equals(scenario.method()) && method.isAnnotationPresent(Fork.class)) {
                fork = method.getAnnotation(Fork.class);
            }
        }
        for (Class<?> c = scenario.benchmark(); fork == null && c != null; c = c.getSuperclass()) {
            fork = c.getAnnotation(Fork.class);
        }
        if (fork == null) {
            return List.of();
        }
        return Arrays.stream(fork.jvmArgsAppend()).filter(arg -> !arg.equals(UNSET)).toList();
    }
}
