package dev.sluice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** util-linux fincore(1), the external oracle for page-cache residency. */
public final class Fincore {
    private Fincore() {
    }

    /** Resident bytes of {@code file} as fincore counts them. */
    public static long residentBytes(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("fincore", "--bytes", "--noheadings", "--output", "RES", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("fincore failed: " + out);
        }
        return Long.parseLong(out);
    }
}
