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

    /*
     * What Chronicle Queue (a peer in the append scenarios) needs on JDK 17 and later, as its
     * documentation lists it (chronicle-support-java-17), and its usage analytics, start-up banner and
     * INFO logging off. Checked on JDK 25: without the exports and opens it fails to map its store
     * (IllegalAccessException on sun.nio.ch.UnixFileDispatcherImpl.map0).
     */
    public static final String CHRONICLE_1 = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    public static final String CHRONICLE_2 = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String CHRONICLE_3 = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    public static final String CHRONICLE_4 = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    public static final String CHRONICLE_5 = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    public static final String CHRONICLE_6 = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    public static final String CHRONICLE_7 = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    public static final String CHRONICLE_8 = "--add-opens=java.base/java.util=ALL-UNNAMED";
    public static final String CHRONICLE_QUIET_1 = "-Dchronicle.analytics.disable=true";
    public static final String CHRONICLE_QUIET_2 = "-Dchronicle.announcer.disable=true";
    public static final String CHRONICLE_QUIET_3 = "-Dorg.slf4j.simpleLogger.log.net.openhft=warn";

    /** Chronicle Queue's flags, for code that builds a fork's command line itself. */
    public static final List<String> CHRONICLE = List.of(CHRONICLE_1, CHRONICLE_2, CHRONICLE_3, CHRONICLE_4, CHRONICLE_5,
            CHRONICLE_6, CHRONICLE_7, CHRONICLE_8, CHRONICLE_QUIET_1, CHRONICLE_QUIET_2, CHRONICLE_QUIET_3);

    /** All of them, for JMH options whose {@code jvmArgsAppend} replaces the annotation's. */
    public static final List<String> FLAGS = List.of(NATIVE_ACCESS, OPEN_NIO_CH, OPEN_IO);

    private BenchJvm() {
    }
}
