package dev.sluice.log;

import java.nio.file.Path;

/** A child JVM that opens the log in {@code args[0]} for writing, appends one record, says so, and holds it until killed. */
public final class WriterLockChild {
    static final String HOLDING = "holding";

    private WriterLockChild() {
    }

    public static void main(String[] args) throws Exception {
        Log log = Log.open(Path.of(args[0]), LogTesting.small());
        log.append(new byte[] {42});
        log.flush();
        System.out.println(HOLDING);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
