package io.perprisk.perf;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JMH benchmarks of {@code io.perprisk.perf.jmh} twice, in throughput mode with the GC profiler (operations
 * per second and bytes allocated per operation) and in sample-time mode (percentiles per operation), with the JVM
 * flags of {@link JvmFlags} appended to every fork, and collects one {@link Row} per benchmark and parameter set.
 * Cold path.
 */
public final class JmhSuite
{
    /**
     * Heap of each fork: room for the million-holder engine states.
     */
    public static final String FORK_HEAP = "-Xmx4g";

    private String include = "io\\.perprisk\\.perf\\.jmh\\..*";
    private int forks = 1;
    private int warmupIterations = 3;
    private TimeValue warmupTime = TimeValue.seconds(1);
    private int measurementIterations = 5;
    private TimeValue measurementTime = TimeValue.seconds(1);
    private final Map<String, String[]> params = new TreeMap<>();
    private boolean sampleTime = true;
    private boolean gcProfiler = true;

    /**
     * Regular expression of the benchmarks to run.
     *
     * @param include the pattern.
     * @return this for a fluent API.
     */
    public JmhSuite include(final String include)
    {
        this.include = include;
        return this;
    }

    /**
     * Number of forks; 0 runs in this JVM (smoke tests only).
     *
     * @param forks the number of forks.
     * @return this for a fluent API.
     */
    public JmhSuite forks(final int forks)
    {
        this.forks = forks;
        return this;
    }

    /**
     * Warm-up iterations and their length.
     *
     * @param iterations number of iterations.
     * @param time       length of each.
     * @return this for a fluent API.
     */
    public JmhSuite warmup(final int iterations, final TimeValue time)
    {
        this.warmupIterations = iterations;
        this.warmupTime = time;
        return this;
    }

    /**
     * Measurement iterations and their length.
     *
     * @param iterations number of iterations.
     * @param time       length of each.
     * @return this for a fluent API.
     */
    public JmhSuite measurement(final int iterations, final TimeValue time)
    {
        this.measurementIterations = iterations;
        this.measurementTime = time;
        return this;
    }

    /**
     * Override a benchmark parameter.
     *
     * @param name   of the {@code @Param} field.
     * @param values to run.
     * @return this for a fluent API.
     */
    public JmhSuite param(final String name, final String... values)
    {
        params.put(name, values.clone());
        return this;
    }

    /**
     * Also run in sample-time mode.
     *
     * @param sampleTime false to run only in throughput mode.
     * @return this for a fluent API.
     */
    public JmhSuite sampleTime(final boolean sampleTime)
    {
        this.sampleTime = sampleTime;
        return this;
    }

    /**
     * Add the GC profiler to the throughput run.
     *
     * @param gcProfiler false to leave it out.
     * @return this for a fluent API.
     */
    public JmhSuite gcProfiler(final boolean gcProfiler)
    {
        this.gcProfiler = gcProfiler;
        return this;
    }

    /**
     * Run the suite.
     *
     * @return one row per benchmark and parameter set, in run order.
     * @throws RunnerException if JMH fails or a benchmark throws.
     */
    public List<Row> run() throws RunnerException
    {
        final ChainedOptionsBuilder throughput = options().mode(Mode.Throughput).timeUnit(TimeUnit.SECONDS);
        if (gcProfiler)
        {
            throughput.addProfiler(GCProfiler.class);
        }
        final Map<String, Row> rows = new TreeMap<>();
        final List<String> order = new ArrayList<>();
        for (final RunResult result : new Runner(throughput.build()).run())
        {
            final String key = key(result.getParams());
            final Result<?> primary = result.getPrimaryResult();
            double bytesPerOp = Double.NaN;
            for (final String name : result.getSecondaryResults().keySet())
            {
                if (name.endsWith("gc.alloc.rate.norm"))
                {
                    bytesPerOp = result.getSecondaryResults().get(name).getScore();
                }
            }
            rows.put(key, new Row(shortName(result.getParams()), paramText(result.getParams()), primary.getScore(),
                primary.getScoreError(), bytesPerOp, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
            order.add(key);
        }
        if (sampleTime)
        {
            final ChainedOptionsBuilder sample = options().mode(Mode.SampleTime).timeUnit(TimeUnit.NANOSECONDS);
            for (final RunResult result : new Runner(sample.build()).run())
            {
                final String key = key(result.getParams());
                final Row row = rows.get(key);
                final Result<?> primary = result.getPrimaryResult();
                final double p50 = primary.getStatistics().getPercentile(50);
                final double p99 = primary.getStatistics().getPercentile(99);
                final double p999 = primary.getStatistics().getPercentile(99.9);
                final double mean = primary.getScore();
                if (null == row)
                {
                    rows.put(key, new Row(shortName(result.getParams()), paramText(result.getParams()),
                        Double.NaN, Double.NaN, Double.NaN, mean, p50, p99, p999));
                    order.add(key);
                }
                else
                {
                    rows.put(key, new Row(row.benchmark(), row.params(), row.opsPerSecond(), row.opsError(),
                        row.bytesPerOp(), mean, p50, p99, p999));
                }
            }
        }
        final List<Row> ordered = new ArrayList<>();
        for (final String key : order)
        {
            ordered.add(rows.get(key));
        }
        return ordered;
    }

    private ChainedOptionsBuilder options()
    {
        final List<String> jvmArgs = new ArrayList<>(JvmFlags.forChildJvm());
        jvmArgs.add(FORK_HEAP);
        final ChainedOptionsBuilder builder = new OptionsBuilder()
            .include(include)
            .forks(forks)
            .warmupIterations(warmupIterations)
            .warmupTime(warmupTime)
            .measurementIterations(measurementIterations)
            .measurementTime(measurementTime)
            .jvmArgsAppend(jvmArgs.toArray(new String[0]))
            .shouldFailOnError(true);
        for (final Map.Entry<String, String[]> entry : params.entrySet())
        {
            builder.param(entry.getKey(), entry.getValue());
        }
        return builder;
    }

    private static String key(final BenchmarkParams params)
    {
        return params.getBenchmark() + " " + paramText(params);
    }

    private static String shortName(final BenchmarkParams params)
    {
        final String name = params.getBenchmark();
        final int method = name.lastIndexOf('.');
        final int type = name.lastIndexOf('.', method - 1);
        return name.substring(type + 1);
    }

    private static String paramText(final BenchmarkParams params)
    {
        final Collection<String> keys = params.getParamsKeys();
        final StringBuilder text = new StringBuilder();
        for (final String key : keys)
        {
            if (text.length() > 0)
            {
                text.append(", ");
            }
            text.append(key).append('=').append(params.getParam(key));
        }
        return text.toString();
    }

    /**
     * One benchmark with one parameter set.
     *
     * @param benchmark    {@code Class.method}.
     * @param params       parameters as {@code name=value, ...}, empty if none.
     * @param opsPerSecond throughput score, NaN if not run.
     * @param opsError     99.9 % confidence half-width of the throughput.
     * @param bytesPerOp   bytes allocated per operation (GC profiler), NaN if not measured.
     * @param meanNs       mean time per operation in sample mode, NaN if not run.
     * @param p50Ns        median time per operation.
     * @param p99Ns        99th percentile.
     * @param p999Ns       99.9th percentile.
     */
    public record Row(
        String benchmark,
        String params,
        double opsPerSecond,
        double opsError,
        double bytesPerOp,
        double meanNs,
        double p50Ns,
        double p99Ns,
        double p999Ns)
    {
    }
}
