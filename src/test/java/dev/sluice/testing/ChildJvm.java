package dev.sluice.testing;

import dev.sluice.sys.ChannelFds;
import dev.sluice.sys.Kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Command lines for child JVMs that run test code with the flags sluice needs. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** The flags the child JVM needs, as the build passes them to this one. */
    public static List<String> jvmArgs() {
        String configured = System.getProperty("sluice.test.jvm.args");
        String args = configured != null ? configured : Kernel.nativeAccessFlag() + " " + ChannelFds.requiredFlags();
        return Arrays.stream(args.split(" ")).filter(a -> !a.isBlank()).toList();
    }

    /** {@return the java executable this JVM runs} */
    public static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    /** java, the flags, this JVM's class path, {@code main} and its arguments. */
    public static List<String> command(Class<?> main, String... args) {
        return command(List.of(), main, args);
    }

    /**
     * java, {@code options} (heap size, {@code -XX:ErrorFile=...}), the flags, this JVM's class path,
     * {@code main} and its arguments.
     */
    public static List<String> command(List<String> options, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(options);
        command.addAll(jvmArgs());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@return {@code command} as one line for sh -c, each word single-quoted} */
    public static String shellLine(List<String> command) {
        return command.stream().map(word -> "'" + word.replace("'", "'\\''") + "'")
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /**
     * Runs {@code command} (stdout and stderr to {@code output}) and returns its exit status; on a
     * timeout kills it and everything it started, and fails with what it printed.
     */
    public static int runToCompletion(List<String> command, Path output, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command.subList(0, Math.min(3, command.size())))
                    + "... did not finish within " + timeoutSeconds + " s; output:\n" + Files.readString(output));
        }
        return process.exitValue();
    }
}
