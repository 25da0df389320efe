package dev.sluice.cli;

/** A count with its noun: "1 segment", "2 segments". */
final class Plural {
    private Plural() {
    }

    static String of(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
