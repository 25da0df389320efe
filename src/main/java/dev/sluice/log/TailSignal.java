package dev.sluice.log;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Wakes tailing readers when the log grows (an append, or a follower's refresh) or closes. Costs
 * an append nothing while nobody waits.
 */
final class TailSignal {
    private final Object signal = new Object();
    /** The log's end offset now. */
    private final LongSupplier end;
    private volatile int waiters;
    private volatile boolean closed;

    TailSignal(LongSupplier end) {
        this.end = end;
    }

    /** The log grew. */
    void grew() {
        if (waiters > 0) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    /**
     * Waits until the log's end passes {@code knownEnd}, the log closes, or the timeout passes.
     *
     * @return whether there is something new
     */
    boolean await(long knownEnd, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (signal) {
            waiters++;
            try {
                while (end.getAsLong() <= knownEnd && !closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                }
                return end.getAsLong() > knownEnd;
            } finally {
                waiters--;
            }
        }
    }

    /** Wakes every waiter for good: the log closed. */
    void close() {
        synchronized (signal) {
            closed = true;
            signal.notifyAll();
        }
    }
}
