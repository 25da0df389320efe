package dev.sluice.cli;

/** An exception as one line for a person: its message, or its type when it has none. */
final class OneLine {
    private OneLine() {
    }

    static String of(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }
}
