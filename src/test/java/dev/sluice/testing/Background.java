package dev.sluice.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test code on a thread of its own whose failure reaches the test. An assertion that fails on a plain
 * thread only kills that thread (an AssertionError passes any {@code catch (Exception)}), and the test
 * then fails later, waiting for something that will never come, with a message about the wait. Here
 * the thread keeps what it threw, and {@link #check()} (called from the test's waits) and
 * {@link #close()} throw it on the test's thread, as the cause of the failure.
 */
public final class Background implements AutoCloseable {
    /** The work, which may throw anything. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Background(String name, Body body) {
        this.thread = Thread.ofPlatform().name(name).unstarted(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                // interrupted by close(): the end the test asked for
            } catch (Throwable t) {
                failure.set(t);
            }
        });
    }

    /** {@return {@code body} running on a new platform thread named {@code name}} */
    public static Background start(String name, Body body) {
        Background background = new Background(name, body);
        background.thread.start();
        return background;
    }

    /** Throws what the thread threw, if it has failed; call it wherever the test waits for the thread. */
    public void check() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError(thread.getName() + " failed: " + t, t);
        }
    }

    /** Waits for the thread to end by itself, then {@link #check()}s it. */
    public void join(Duration timeout) throws InterruptedException {
        if (!thread.join(timeout)) {
            throw new AssertionError(thread.getName() + " did not end within " + timeout);
        }
        check();
    }

    /** Interrupts the thread, waits for it (10 s at most), then {@link #check()}s it. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        join(Duration.ofSeconds(10));
    }
}
