package io.gridwork.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Appends a benchmark figure to the suite's results file (the system property or environment variable
 * {@code bench.results} / {@code BENCH_RESULTS}), one tab-separated line that {@code bench/report.py} turns
 * into a row of docs/benchmarks.md: section, what, the application's figure, the raw figure of the same
 * work measured in the same run, the unit, whether higher or lower is better, the goal and a note.
 * Does nothing when no results file is set (a benchmark run on its own).
 */
public final class BenchResults {

    private BenchResults() {
    }

    public static void record(String section, String what, double value, double raw, String unit, boolean higherIsBetter,
            String goal, String note) {
        String file = System.getProperty("bench.results", System.getenv("BENCH_RESULTS"));
        if (file == null || file.isBlank()) {
            return;
        }
        String line = String.join("\t", section, what, num(value), num(raw), unit, higherIsBetter ? "higher" : "lower",
                goal == null ? "" : goal, note == null ? "" : note) + "\n";
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
