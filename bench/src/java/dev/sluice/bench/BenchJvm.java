package dev.sluice.bench;

import java.util.List;

/**
 * The JVM flags every benchmark fork needs (sluice on the class path), for
 * {@code @Fork(jvmArgsAppend = {...})}; bench/run.sh and ./sluice bench pass the same to the JMH host JVM.
 */
public final class BenchJvm {
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    public static final String OPEN_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";

    /** All of them, for JMH options whose {@code jvmArgsAppend} replaces the annotation's. */
    public static final List<String> FLAGS = List.of(NATIVE_ACCESS, OPEN_NIO_CH, OPEN_IO);

    private BenchJvm() {
    }
}
