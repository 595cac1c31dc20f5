package io.gridwork.people.importing;

import java.time.Instant;

/**
 * An import job as the page and the API show it. Counts are rows: {@code inserted} added a resident
 * (or, for a row without a person, a household), {@code updated} changed something, {@code unchanged}
 * changed nothing, {@code errorCount} were refused (each with one or more errors).
 */
public record ImportJobView(long id, String filename, String format, String status, int totalRows, int processedRows,
        int percent, int inserted, int updated, int unchanged, int householdsCreated, int errorCount, Instant startedAt,
        Instant finishedAt, String message) {

    public boolean finished() {
        return "DONE".equals(status) || "FAILED".equals(status);
    }
}
