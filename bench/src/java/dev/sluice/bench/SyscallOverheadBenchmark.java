package dev.sluice.bench;

import dev.sluice.sys.NativeFile;
import dev.sluice.sys.OpenFlag;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code syscall-overhead}: what the safe layer costs on top of a raw FFM downcall,
 * for a cheap syscall, fcntl(fd, F_GETFD), on an open descriptor.
 * <ul>
 * <li>{@code raw}: a plain FFM downcall the benchmark links itself, no errno capture, no checks (what
 *     a careless caller writes);</li>
 * <li>{@code sluice-safe}: {@code Fd.isCloseOnExec()}: a reference on the descriptor, errno captured
 *     into a per-thread buffer, EINTR retry, the error check.</li>
 * </ul>
 * The benchmark is a client of the public API like any user's code: sluice exposes no raw call, so
 * the raw side links libc's open, fcntl and close itself, as jextract's handles do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE_ACCESS, BenchJvm.OPEN_NIO_CH, BenchJvm.OPEN_IO})
public class SyscallOverheadBenchmark {
    /** From fcntl.h and asm-generic/fcntl.h (the same on x86_64 and aarch64). */
    private static final int O_RDONLY = 0;
    private static final int F_GETFD = 1;
    private static final MethodHandle RAW_OPEN = libc("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle RAW_FCNTL = libc("fcntl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle RAW_CLOSE = libc("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    @Param({"raw", "sluice-safe"})
    public String variant;

    private Path file;
    private NativeFile safeFile;
    private int rawNumber;
    private Arena arena;
    private boolean raw;

    @Setup(Level.Trial)
    public void open() throws Throwable {
        raw = switch (variant) {
            case "raw" -> true;
            case "sluice-safe" -> false;
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
        file = Files.createTempFile(BenchFiles.directory(), "syscall-", ".bin");
        safeFile = NativeFile.open(file, EnumSet.of(OpenFlag.READ));
        arena = Arena.ofConfined();
        // the raw side opens its own descriptor through the generated binding, as raw code would
        rawNumber = (int) RAW_OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDONLY, 0);
        if (rawNumber < 0) {
            throw new IOException("open failed for " + file);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Throwable {
        int closed = (int) RAW_CLOSE.invokeExact(rawNumber);
        if (closed < 0) {
            throw new IOException("close failed for " + file);
        }
        safeFile.close();
        arena.close();
        Files.delete(file);
    }

    @Benchmark
    public int run() throws Throwable {
        if (raw) {
            return (int) RAW_FCNTL.invokeExact(rawNumber, F_GETFD, 0);
        }
        return safeFile.fd().isCloseOnExec() ? 1 : 0;
    }

    private static MethodHandle libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker linker = Linker.nativeLinker();
        MemorySegment address = linker.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return linker.downcallHandle(address, descriptor, options);
    }
}
