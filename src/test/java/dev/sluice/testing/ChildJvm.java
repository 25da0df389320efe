package dev.sluice.testing;

import dev.sluice.sys.ChannelFds;
import dev.sluice.sys.Native;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command lines for child JVMs that run test code with the flags sluice needs. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** The flags the child JVM needs, as the build passes them to this one. */
    public static List<String> jvmArgs() {
        String configured = System.getProperty("sluice.test.jvm.args");
        String args = configured != null ? configured : Native.nativeAccessFlag() + " " + ChannelFds.requiredFlags();
        return Arrays.stream(args.split(" ")).filter(a -> !a.isBlank()).toList();
    }

    /** java, the flags, this JVM's class path, {@code main} and its arguments. */
    public static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmArgs());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
