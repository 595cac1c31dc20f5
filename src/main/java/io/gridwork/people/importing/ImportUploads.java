package io.gridwork.people.importing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Accepts an upload: checks its size, what it is (by content), and its header row at once, so that
 * a wrong file is refused in the response rather than in a failed job; then stores it and queues the
 * job. The rows themselves are checked by the job.
 */
@Service
public class ImportUploads {

    private final ImportJobs jobs;
    private final ImportRunner runner;
    private final TransactionTemplate tx;
    private final DataSize maxSize;

    ImportUploads(ImportJobs jobs, ImportRunner runner, TransactionTemplate tx,
            @Value("${gridwork.import.max-size:120MB}") DataSize maxSize) {
        this.jobs = jobs;
        this.runner = runner;
        this.tx = tx;
        this.maxSize = maxSize;
    }

    public ImportJobView upload(MultipartFile upload, GridworkUser user) {
        if (upload == null || upload.isEmpty()) {
            throw ProblemException.badRequest("file-required", "choose a file (xlsx or CSV) to upload", Map.of("field", "file"));
        }
        if (upload.getSize() > maxSize.toBytes()) {
            throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large",
                    "the file has " + upload.getSize() + " bytes; imports take at most " + maxSize.toMegabytes()
                            + " MB: split the sheet", Map.of("limit", maxSize.toBytes()));
        }
        Path file = null;
        try {
            file = Files.createTempFile("gridwork-upload-", ".bin");
            try (InputStream in = upload.getInputStream()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            SheetFormat format = SheetFormat.sniff(file);
            try (ResidentSheet sheet = ResidentSheet.open(file, format)) {
                // the header is fine
            }
            String name = filename(upload.getOriginalFilename());
            List<String> scope = user.scopePaths();
            if (scope.isEmpty()) {
                throw ProblemException.forbidden("you have no grids to import into");
            }
            Path stored = file;
            long id = tx.execute(s -> {
                long jobId = jobs.create(name, format, user.accountId(), scope);
                try {
                    jobs.storeFileAndQueue(jobId, stored);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return jobId;
            });
            runner.submitted(id, file);
            file = null;
            return jobs.view(id).orElseThrow();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw ProblemException.badRequest("unreadable-file", "the file could not be read: " + e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }

    private static String filename(String original) {
        if (original == null || original.isBlank()) {
            return "upload";
        }
        String n = original.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).strip();
        return n.length() > 300 ? n.substring(n.length() - 300) : n;
    }
}
