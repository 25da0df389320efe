package dev.sluice.log;

import java.io.IOException;
import java.util.OptionalLong;

/** Another writer holds the log: a log has one writer at a time, in this process or any other. */
public final class LogLockedException extends IOException {
    private final long holderPid;

    LogLockedException(String message, long holderPid) {
        super(message);
        this.holderPid = holderPid;
    }

    /** The process that holds the log open for writing, if it could be told. */
    public OptionalLong holderPid() {
        return holderPid > 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
    }
}
