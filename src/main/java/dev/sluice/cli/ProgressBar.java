package dev.sluice.cli;

import dev.sluice.cache.Progress;

import java.io.PrintStream;

/** A one-line progress bar on the terminal; nothing at all when stderr is not a terminal. */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private long lastShown = -1;

    private ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    static Progress forTerminal(String label) {
        java.io.Console console = System.console();
        return console != null && console.isTerminal() ? new ProgressBar(System.err, label) : Progress.NONE;
    }

    @Override
    public void update(long doneBytes, long totalBytes) {
        long percent = totalBytes == 0 ? 100 : 100 * doneBytes / totalBytes;
        if (percent == lastShown) {
            return;
        }
        lastShown = percent;
        int filled = (int) (WIDTH * percent / 100);
        out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% " + label);
        if (doneBytes >= totalBytes) {
            out.print("\r" + " ".repeat(WIDTH + 8 + label.length()) + "\r");
        }
        out.flush();
    }
}
