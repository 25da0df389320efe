package dev.sluice.bench.suite;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JMH's output for one round: its usual text goes to the round's log, while this notes which
 * benchmark runs started (for the progress lines) and the first line of each one's failure. JMH
 * reports a failed run only in its text ("&lt;failure&gt;" and the stack trace, or "&lt;forked VM
 * failed ...&gt;"), and leaves it out of the results.
 */
final class RoundOutput implements OutputFormat {
    /** A benchmark run JMH started, and why it failed if it did. */
    static final class Started {
        final Map<String, String> params;
        String failure;

        Started(Map<String, String> params) {
            this.params = params;
        }
    }

    private static final List<String> FAILURE_NOTICES = List.of("<forked VM failed", "<failed to invoke the VM",
            "<host VM has been interrupted");

    private final OutputFormat text;
    private final Progress progress;
    private final List<Started> started = new ArrayList<>();
    private boolean expectingStackTrace;

    RoundOutput(PrintStream log, Progress progress) {
        this.text = OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL);
        this.progress = progress;
    }

    synchronized List<Started> started() {
        return List.copyOf(started);
    }

    /** A run's JMH parameters in JMH's order (by name). */
    static Map<String, String> params(BenchmarkParams params) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : params.getParamsKeys()) {
            out.put(key, params.getParam(key));
        }
        return out;
    }

    @Override
    public synchronized void startBenchmark(BenchmarkParams params) {
        Started run = new Started(params(params));
        started.add(run);
        expectingStackTrace = false;
        progress.runStarted(run.params);
        text.startBenchmark(params);
    }

    @Override
    public synchronized void println(String s) {
        noteFailure(s);
        text.println(s);
    }

    private void noteFailure(String s) {
        if (started.isEmpty() || s == null) {
            return;
        }
        Started current = started.get(started.size() - 1);
        if (s.equals("<failure>")) {
            expectingStackTrace = true;
        } else if (expectingStackTrace && !s.isBlank()) {
            expectingStackTrace = false;
            fail(current, s.strip().lines().findFirst().orElse(s));
        } else if (FAILURE_NOTICES.stream().anyMatch(s::startsWith)) {
            fail(current, s);
        }
    }

    private void fail(Started run, String line) {
        if (run.failure == null) {
            run.failure = line;
            progress.runFailed(run.params, line);
        }
    }

    @Override
    public synchronized void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        text.iteration(benchParams, params, iteration);
    }

    @Override
    public synchronized void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
                                             IterationResult data) {
        text.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public synchronized void endBenchmark(BenchmarkResult result) {
        text.endBenchmark(result);
    }

    @Override
    public synchronized void startRun() {
        text.startRun();
    }

    @Override
    public synchronized void endRun(Collection<RunResult> result) {
        text.endRun(result);
    }

    @Override
    public synchronized void print(String s) {
        text.print(s);
    }

    @Override
    public synchronized void flush() {
        text.flush();
    }

    @Override
    public synchronized void close() {
        text.close();
    }

    @Override
    public synchronized void verbosePrintln(String s) {
        text.verbosePrintln(s);
    }

    @Override
    public synchronized void write(int b) {
        text.write(b);
    }

    @Override
    public synchronized void write(byte[] b) throws IOException {
        text.write(b);
    }
}
