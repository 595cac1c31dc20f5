package io.gridwork.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link LocateBenchmark} from Maven (the bench package is outside the normal test run):
 * <pre>flock /tmp/gridwork-build.lock ./mvnw -q -B test -Dtest=LocateBenchmarkRunner</pre>
 * JMH's report goes to the console and to {@code target/jmh-locate.json}; a summary table to
 * {@code target/jmh-locate.md}. {@code -Dbench.quick=true} makes it a seconds-long smoke run whose
 * figures mean nothing; {@code -Dbench.include=indexed} runs only the benchmarks whose names start so;
 * {@code -Dbench.prof=gc} adds a JMH profiler.
 */
class LocateBenchmarkRunner {

    @Test
    void run() throws RunnerException, IOException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("\\." + LocateBenchmark.class.getSimpleName() + "\\." + System.getProperty("bench.include", ""))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result("target/jmh-locate.json");
        if (System.getProperty("bench.prof") != null) {
            options.addProfiler(System.getProperty("bench.prof"));
        }
        if (Boolean.getBoolean("bench.quick")) {
            options.warmupIterations(1).measurementIterations(1)
                    .warmupTime(TimeValue.milliseconds(200)).measurementTime(TimeValue.milliseconds(200));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        String summary = summary(results);
        Files.writeString(Path.of("target/jmh-locate.md"), summary);
        System.out.println(summary);
    }

    private static String summary(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder("| benchmark | mode | mean | ± 99.9 % | median | unit | notes |\n|---|---|---|---|---|---|---|\n");
        double[] indexed = {Double.NaN, Double.NaN};
        double[] linear = {Double.NaN, Double.NaN};
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            Result<?> primary = r.getPrimaryResult();
            var stats = primary.getStatistics();
            String notes = switch (r.getParams().getMode()) {
                case SampleTime -> String.format(Locale.ROOT, "p90 %s, p99 %s, p99.9 %s, %d samples", f(stats.getPercentile(90)),
                        f(stats.getPercentile(99)), f(stats.getPercentile(99.9)), stats.getN());
                case SingleShotTime -> String.format(Locale.ROOT, "min %s, max %s, %d builds", f(stats.getMin()), f(stats.getMax()),
                        stats.getN());
                default -> String.format(Locale.ROOT, "%d iterations, %d thread(s)", stats.getN(), r.getParams().getThreads());
            };
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", name, r.getParams().getMode().shortLabel(),
                    f(primary.getScore()), f(primary.getScoreError()), f(stats.getPercentile(50)), primary.getScoreUnit(), notes));
            if (name.equals("indexedLookup")) {
                indexed = new double[] {primary.getScore(), stats.getPercentile(50)};
            } else if (name.equals("linearScan")) {
                linear = new double[] {primary.getScore(), stats.getPercentile(50)};
            }
        }
        BenchResults.record("Locate", "point → grid over the synthetic city's micro-grid and compound boundaries, one thread (median of iterations)", indexed[1], linear[1],
                "lookups/s", true, null, "raw: a linear scan over the same prepared boundaries with the same rule");
        out.append(String.format(Locale.ROOT, "%nindexed / linear scan, one thread: %.0f× (means), %.0f× (medians)%n",
                indexed[0] / linear[0], indexed[1] / linear[1]));
        return out.toString();
    }

    private static String f(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3g", value);
    }
}
