package dev.sluice.log;

import java.io.IOException;
import java.util.OptionalLong;

/** Another writer holds the log: a log has one writer at a time, in this process or any other. */
public final class LogLockedException extends IOException {
    /** The pid written in writer.lock by the holder, or 0 if it could not be read. */
    private final long holderPid;

    LogLockedException(String message, long holderPid) {
        super(message);
        this.holderPid = holderPid;
    }

    /**
     * The process that holds the log open for writing, if it could be told.
     *
     * @return its pid, or empty
     */
    public OptionalLong holderPid() {
        return holderPid > 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
    }
}
