package io.gridwork.people.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.gridwork.people.PersonalDataCipher;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The import_job table and the uploaded files kept beside it. All state a job has lives here, so any
 * instance can show a job's progress, and any instance can take over a job whose instance stopped.
 */
@Component
public class ImportJobs {

    static final String QUEUED = "QUEUED";
    static final String RUNNING = "RUNNING";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";
    static final int FILE_CHUNK = 1 << 20;
    /** A running job whose heartbeat is older than this is taken to be orphaned. */
    static final Duration STALE = Duration.ofMinutes(2);
    static final int MAX_ATTEMPTS = 3;

    private static final String VIEW = """
            select id, filename, format, status, total_rows, processed_rows, inserted, updated, unchanged,
                   households_created, error_count, started_at, finished_at, message
              from import_job""";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final PersonalDataCipher cipher;
    private final int errorCopyDays;

    ImportJobs(JdbcClient jdbc, JdbcTemplate template, PersonalDataCipher cipher,
            @Value("${gridwork.import.error-copy-days:7}") int errorCopyDays) {
        this.jdbc = jdbc;
        this.template = template;
        this.cipher = cipher;
        this.errorCopyDays = errorCopyDays;
    }

    static String json(List<String> values) {
        return JSON.writeValueAsString(values);
    }

    static List<String> strings(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, STRINGS);
        } catch (RuntimeException e) {
            return List.of(); // cut at the column's length: the English reason still tells
        }
    }

    /**
     * The sheet as the copy with an error column needs it: the header row and the refused rows as read
     * (cells decrypted), by line.
     */
    public record ErrorCopy(int headerLine, List<String> header, List<CopyRow> rows) {
    }

    public record CopyRow(int line, List<String> cells) {
    }

    /** Records the header row of a job's sheet (for the copy with an error column). */
    void setHeader(long jobId, int line, String cellsJson) {
        jdbc.sql("update import_job set header_line = ?, header_cells = ? where id = ?").params(line, cellsJson, jobId).update();
    }

    /** The rows for the copy with an error column, or empty when none are kept (no errors, or older than the retention). */
    public Optional<ErrorCopy> errorCopy(long jobId) {
        List<CopyRow> rows = jdbc.sql("select line, cells from import_error_row where job_id = ? order by line").param(jobId)
                .query((rs, i) -> new CopyRow(rs.getInt(1), strings(cipher.decrypt(rs.getString(2))))).list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("select header_line, header_cells from import_job where id = ?").param(jobId)
                .query((rs, i) -> new ErrorCopy(rs.getInt(1), strings(rs.getString(2)), rows)).optional();
    }

    public boolean hasErrorCopy(long jobId) {
        return jdbc.sql("select count(*) from import_error_row where job_id = ?").param(jobId).query(Long.class).single() > 0;
    }

    /**
     * Deletes the kept rows of refused lines (they hold personal numbers) once their job finished more
     * than gridwork.import.error-copy-days ago; the errors themselves stay.
     */
    @Scheduled(fixedDelayString = "${gridwork.import.error-copy-cleanup-ms:3600000}", initialDelayString = "${gridwork.import.error-copy-cleanup-ms:3600000}")
    int deleteOldErrorCopies() {
        Timestamp before = Timestamp.from(Instant.now().minus(Duration.ofDays(errorCopyDays)));
        return jdbc.sql("""
                delete from import_error_row where job_id in (select id from import_job where finished_at < ?)""")
                .param(before).update();
    }

    /** A claimed job: what the runner needs to run it. */
    record Claimed(long id, String filename, SheetFormat format, List<String> scopePaths, int attempts) {
    }

    public long create(String filename, SheetFormat format, long startedBy, List<String> scopePaths) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into import_job (filename, status, format, started_by, scope_paths) values (?, ?, ?, ?, ?)")
                .params(filename, "UPLOADING", format.name(), startedBy, String.join("\n", scopePaths))
                .update(keys, "id");
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    /** Stores the upload in 1 MiB pieces (any instance may run the job) and queues the job. */
    void storeFileAndQueue(long jobId, Path file) throws IOException {
        storeFile(jobId, file);
        jdbc.sql("update import_job set status = ? where id = ?").params(QUEUED, jobId).update();
    }

    public void storeFile(long jobId, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            int seq = 0;
            byte[] buf;
            while ((buf = in.readNBytes(FILE_CHUNK)).length > 0) {
                final byte[] data = buf;
                final int s = seq++;
                template.update("insert into import_file_chunk (job_id, seq, data) values (?, ?, ?)", ps -> {
                    ps.setLong(1, jobId);
                    ps.setInt(2, s);
                    ps.setBytes(3, data);
                });
            }
        }
    }

    /** Writes the stored upload of a job to a local file. */
    void materialise(long jobId, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int seq = 0;; seq++) {
                Optional<byte[]> data = jdbc.sql("select data from import_file_chunk where job_id = ? and seq = ?")
                        .params(jobId, seq).query((rs, i) -> rs.getBytes(1)).optional();
                if (data.isEmpty()) {
                    return;
                }
                out.write(data.get());
            }
        }
    }

    void deleteFile(long jobId) {
        jdbc.sql("delete from import_file_chunk where job_id = ?").param(jobId).update();
    }

    /**
     * Claims the oldest queued job, or one whose instance stopped (stale heartbeat), for this
     * instance. The conditional update makes the claim atomic across instances.
     */
    Optional<Claimed> claim(String owner) {
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp stale = Timestamp.from(Instant.now().minus(STALE));
        // orphaned jobs that used up their attempts fail for good
        List<Long> exhausted = jdbc.sql("select id from import_job where status = ? and heartbeat_at < ? and attempts >= ?")
                .params(RUNNING, stale, MAX_ATTEMPTS).query(Long.class).list();
        for (long id : exhausted) {
            if (jdbc.sql("update import_job set status = ?, finished_at = ?, message = ? where id = ? and status = ? and heartbeat_at < ?")
                    .params(FAILED, now, "the job stopped " + MAX_ATTEMPTS + " times; upload the file again (importing again is safe)",
                            id, RUNNING, stale).update() == 1) {
                deleteFile(id);
            }
        }
        List<Long> candidates = jdbc.sql("""
                select id from import_job where status = ? or (status = ? and heartbeat_at < ?) order by id""")
                .params(QUEUED, RUNNING, stale).query(Long.class).list();
        for (long id : candidates) {
            int won = jdbc.sql("""
                    update import_job set status = ?, owner = ?, heartbeat_at = ?, attempts = attempts + 1,
                           processed_rows = 0, inserted = 0, updated = 0, unchanged = 0, households_created = 0, error_count = 0
                     where id = ? and (status = ? or (status = ? and heartbeat_at < ?))""")
                    .params(RUNNING, owner, now, id, QUEUED, RUNNING, stale).update();
            if (won == 1) {
                // a job taken over starts again from the top: importing is idempotent
                jdbc.sql("delete from import_error where job_id = ?").param(id).update();
                jdbc.sql("delete from import_error_row where job_id = ?").param(id).update();
                return jdbc.sql("select id, filename, format, scope_paths, attempts from import_job where id = ?").param(id)
                        .query((rs, i) -> new Claimed(rs.getLong(1), rs.getString(2), SheetFormat.valueOf(rs.getString(3)),
                                Arrays.stream(rs.getString(4).split("\n")).filter(s -> !s.isBlank()).toList(), rs.getInt(5)))
                        .optional();
            }
        }
        return Optional.empty();
    }

    boolean anyWaiting() {
        return jdbc.sql("select count(*) from import_job where status = ? or (status = ? and heartbeat_at < ?)")
                .params(QUEUED, RUNNING, Timestamp.from(Instant.now().minus(STALE))).query(Long.class).single() > 0;
    }

    void setTotal(long jobId, int total) {
        jdbc.sql("update import_job set total_rows = ?, heartbeat_at = ? where id = ?")
                .params(total, Timestamp.from(Instant.now()), jobId).update();
    }

    /** Adds a chunk's counts; runs inside the chunk's transaction. */
    void progress(long jobId, int processed, int inserted, int updated, int unchanged, int households, int refused) {
        jdbc.sql("""
                update import_job set processed_rows = processed_rows + ?, inserted = inserted + ?, updated = updated + ?,
                       unchanged = unchanged + ?, households_created = households_created + ?, error_count = error_count + ?,
                       heartbeat_at = ?
                 where id = ?""")
                .params(processed, inserted, updated, unchanged, households, refused, Timestamp.from(Instant.now()), jobId)
                .update();
    }

    public void finish(long jobId, String status, String message) {
        Timestamp now = Timestamp.from(Instant.now());
        if (DONE.equals(status)) {
            jdbc.sql("update import_job set status = ?, finished_at = ?, message = ?, total_rows = processed_rows where id = ?")
                    .params(status, now, message, jobId).update();
        } else {
            jdbc.sql("update import_job set status = ?, finished_at = ?, message = ? where id = ?")
                    .params(status, now, message == null ? null : message.substring(0, Math.min(message.length(), 1000)), jobId)
                    .update();
        }
        deleteFile(jobId);
    }

    public Optional<ImportJobView> view(long id) {
        return jdbc.sql(VIEW + " where id = ?").param(id).query(ImportJobs::map).optional();
    }

    /** Who started a job (for the access check). */
    public Optional<Long> startedBy(long id) {
        return jdbc.sql("select started_by from import_job where id = ?").param(id).query(Long.class).optional();
    }

    /** The latest jobs of one account, or of everyone (null). */
    public List<ImportJobView> recent(Long startedBy, int limit) {
        if (startedBy == null) {
            return jdbc.sql(VIEW + " order by id desc fetch first " + limit + " rows only").query(ImportJobs::map).list();
        }
        return jdbc.sql(VIEW + " where started_by = ? order by id desc fetch first " + limit + " rows only")
                .param(startedBy).query(ImportJobs::map).list();
    }

    public List<ImportErrorView> errors(long jobId, int offset, int limit) {
        return jdbc.sql("""
                select line, field, reason, code, args from import_error where job_id = ?
                 order by line offset ? rows fetch next ? rows only""")
                .params(jobId, offset, limit)
                .query((rs, i) -> new ImportErrorView(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        strings(rs.getString(5)))).list();
    }

    public long storedErrors(long jobId) {
        return jdbc.sql("select count(*) from import_error where job_id = ?").param(jobId).query(Long.class).single();
    }

    private static ImportJobView map(ResultSet rs, int row) throws SQLException {
        int total = rs.getInt("total_rows");
        int processed = rs.getInt("processed_rows");
        String status = rs.getString("status");
        int percent = DONE.equals(status) ? 100 : total <= 0 ? 0 : Math.min(99, (int) (processed * 100L / total));
        Timestamp finished = rs.getTimestamp("finished_at");
        return new ImportJobView(rs.getLong("id"), rs.getString("filename"), rs.getString("format"), status, total,
                processed, percent, rs.getInt("inserted"), rs.getInt("updated"), rs.getInt("unchanged"),
                rs.getInt("households_created"), rs.getInt("error_count"), rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(), rs.getString("message"));
    }
}
