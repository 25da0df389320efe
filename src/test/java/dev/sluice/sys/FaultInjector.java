package dev.sluice.sys;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A faulty {@link Kernel} for tests: calls pass to another kernel, except those a rule makes fail: the
 * n-th call of a {@link Syscall} (counted from 1, per syscall, over every descriptor opened with this
 * kernel) returns a chosen errno, once or from then on, moves fewer bytes than asked, or is skipped.
 *
 * <p>It lives in the test sources of {@code dev.sluice.sys} because it builds a {@code Kernel} around a
 * package-private {@code Libc}: nothing in the library can make a faulty kernel. Hand {@link #kernel()}
 * to what is tested, and only that sees the faults; other tests running at the same time do not.
 *
 * <pre>{@code
 * FaultInjector faults = FaultInjector.system().fail(Syscall.FDATASYNC, 3, Errno.EIO, false);
 * try (NativeFile file = NativeFile.open(faults.kernel(), path, flags, NativeFile.DEFAULT_PERMISSIONS)) {
 *     ...                                       // its third fdatasync fails with EIO
 * }
 * }</pre>
 */
public final class FaultInjector {
    /** maxBytes -1: fail with errno; -2: return 0 without calling; else a short count. */
    private record Rule(long nth, boolean persistent, int errno, long maxBytes) {
        boolean matches(long call) {
            return persistent ? call >= nth : call == nth;
        }
    }

    private static final long SKIP = -2;

    private final Libc delegate;
    private final Libc proxy;
    private final Kernel kernel;
    private final Map<Syscall, AtomicLong> counts = new EnumMap<>(Syscall.class);
    private final Map<Syscall, Rule> rules = new EnumMap<>(Syscall.class);
    private final AtomicLong injected = new AtomicLong();

    private FaultInjector(Libc delegate) {
        this.delegate = delegate;
        for (Syscall s : Syscall.values()) {
            counts.put(s, new AtomicLong());
        }
        this.proxy = (Libc) Proxy.newProxyInstance(Libc.class.getClassLoader(), new Class<?>[] {Libc.class},
                (p, method, args) -> invoke(method, args));
        this.kernel = new Kernel(proxy, "a FaultInjector around " + delegate);
    }

    /** {@return an injector with no rules yet, passing calls to the system's kernel} */
    public static FaultInjector system() {
        return new FaultInjector(Kernel.system().libc());
    }

    /**
     * {@return an injector with no rules yet, passing calls to {@code delegate}} Injectors stack: the
     * outer one's rules apply first.
     *
     * @param delegate the kernel to pass calls to, e.g. another injector's
     */
    public static FaultInjector around(Kernel delegate) {
        return new FaultInjector(delegate.libc());
    }

    /** {@return the faulty kernel, to open what is tested with} */
    public Kernel kernel() {
        return kernel;
    }

    /**
     * The {@code nth} call of {@code call} (and every later one, if {@code persistent}) fails with
     * {@code errno}, without reaching the delegate. Replaces an earlier rule for {@code call}.
     *
     * @param call the system call to fail
     * @param nth which call fails, counted from 1 since the injector was made
     * @param errno the error it returns
     * @param persistent whether every later call fails too
     * @return this injector
     */
    public synchronized FaultInjector fail(Syscall call, long nth, Errno errno, boolean persistent) {
        rules.put(call, new Rule(nth, persistent, errno.value(), -1));
        return this;
    }

    /**
     * As {@link #fail(Syscall, long, Errno, boolean)}, counting from now: the {@code nth} call of
     * {@code call} after this one fails, for a test that injects a fault into something already open.
     *
     * @param call the system call to fail
     * @param nth which call fails, counted from 1 from now
     * @param errno the error it returns
     * @param persistent whether every later call fails too
     * @return this injector
     */
    public synchronized FaultInjector failNext(Syscall call, long nth, Errno errno, boolean persistent) {
        return fail(call, calls(call) + nth, errno, persistent);
    }

    /**
     * The {@code nth} call of {@code call} moves at most {@code maxBytes} (a short read, write or
     * transfer). Replaces an earlier rule for {@code call}.
     *
     * @param call a call with a byte count ({@link Syscall#countArgument()} is not -1)
     * @param nth which call is shortened, counted from 1 since the injector was made
     * @param maxBytes the most it moves, at least 0
     * @return this injector
     */
    public synchronized FaultInjector shorten(Syscall call, long nth, long maxBytes) {
        rules.put(call, new Rule(nth, false, 0, Checks.nonNegative(maxBytes, "maxBytes")));
        return this;
    }

    /**
     * Every call of {@code call} from now on returns 0 without reaching the delegate (a sync that
     * costs nothing and makes nothing durable, say). Replaces an earlier rule for {@code call}.
     *
     * @param call the system call to skip
     * @return this injector
     */
    public synchronized FaultInjector skip(Syscall call) {
        rules.put(call, new Rule(1, true, 0, SKIP));
        return this;
    }

    /**
     * Removes every rule; counts go on.
     *
     * @return this injector
     */
    public synchronized FaultInjector clear() {
        rules.clear();
        return this;
    }

    /**
     * {@return the calls of {@code call} seen so far, failed ones included}
     *
     * @param call the system call
     */
    public long calls(Syscall call) {
        return counts.get(call).get();
    }

    /** {@return the calls seen so far, of every syscall} */
    public long totalCalls() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** {@return the faults injected so far} */
    public long injected() {
        return injected.get();
    }

    private Object invoke(Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "FaultInjector around " + delegate;
                case "hashCode" -> System.identityHashCode(proxy);
                default -> args[0] == proxy;
            };
        }
        Syscall call = Syscall.ofMethod(method.getName());
        long n = counts.get(call).incrementAndGet();
        Rule rule;
        synchronized (this) {
            rule = rules.get(call);
        }
        if (rule != null && rule.matches(n)) {
            injected.incrementAndGet();
            if (rule.maxBytes == SKIP) {
                return method.getReturnType() == int.class ? (Object) 0 : (Object) 0L;
            }
            if (rule.maxBytes < 0) {
                return method.getReturnType() == int.class ? (Object) (-rule.errno) : (Object) (long) -rule.errno;
            }
            return shortened(call, method, args, rule.maxBytes);
        }
        return forward(method, args);
    }

    /**
     * A short count. Where the call has a count argument it is lowered, so the kernel really moves
     * fewer bytes; otherwise the result is lowered, which callers must treat the same way.
     */
    private Object shortened(Syscall call, Method method, Object[] args, long maxBytes) throws Throwable {
        if (call.countArgument() >= 0) {
            args[call.countArgument()] = Math.min((Long) args[call.countArgument()], maxBytes);
            return forward(method, args);
        }
        Object result = forward(method, args);
        if (result instanceof Long l && l > maxBytes) {
            return maxBytes;
        }
        return result;
    }

    private Object forward(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
