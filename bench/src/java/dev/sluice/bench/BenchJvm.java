package dev.sluice.bench;

/**
 * The JVM flags every benchmark fork needs (sluice on the class path), for
 * {@code @Fork(jvmArgsAppend = {...})}; bench/run.sh passes the same to the JMH host JVM.
 */
final class BenchJvm {
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final String OPEN_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";

    private BenchJvm() {
    }
}
