package dev.sluice.cli;

/** A number of bytes for people: "100 B", "8.0 KiB", "1.5 GiB" (binary multiples). */
final class Sizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return Text.oneDecimal(value) + " " + UNITS[unit];
    }
}
