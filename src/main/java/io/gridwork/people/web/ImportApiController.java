package io.gridwork.people.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.gridwork.people.importing.ImportErrorView;
import io.gridwork.people.importing.ImportJobView;
import io.gridwork.people.importing.ImportJobs;
import io.gridwork.people.importing.ImportUploads;
import io.gridwork.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

@RestController
@RequestMapping("/api")
@Tag(name = "Import and export", description = "The resident sheet (one row per resident): upload as xlsx or CSV, "
        + "follow the background job, export a grid with numbers masked")
class ImportApiController {

    private final ImportUploads uploads;
    private final ImportJobs jobs;
    private final ImportAccess access;
    private final ImportErrorTexts texts;

    ImportApiController(ImportUploads uploads, ImportJobs jobs, ImportAccess access, ImportErrorTexts texts) {
        this.texts = texts;
        this.uploads = uploads;
        this.jobs = jobs;
        this.access = access;
    }

    record ErrorList(long jobId, int offset, int limit, long total, List<ImportErrorView> errors) {
    }

    @PostMapping("/import")
    @Operation(summary = "Upload a resident sheet (multipart field 'file', xlsx or CSV); 202 with the queued job")
    ResponseEntity<ImportJobView> upload(@RequestParam(name = "file", required = false) MultipartFile file) {
        ImportJobView job = uploads.upload(file, CurrentUser.get());
        return ResponseEntity.accepted().location(URI.create("/api/import/" + job.id())).body(job);
    }

    @GetMapping("/import/{id}")
    @Operation(summary = "An import job of mine with its progress and counts")
    ImportJobView job(@PathVariable long id) {
        return access.job(id);
    }

    @GetMapping("/import/{id}/errors")
    @Operation(summary = "The refusals of an import job, by line: line (as Excel numbers rows), column, reason (English), "
            + "code and args (stable; message import.error.<code>)")
    ErrorList errors(@PathVariable long id, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "100") int limit) {
        access.job(id);
        int o = Math.max(0, offset);
        int l = Math.max(1, Math.min(1000, limit));
        return new ErrorList(id, o, l, jobs.storedErrors(id), jobs.errors(id, o, l));
    }

    @GetMapping("/import/{id}/errors.xlsx")
    @Operation(summary = "The uploaded sheet's header and refused rows as read, with a last column holding each line's "
            + "errors in the caller's language (Accept-Language); 404 when no rows are kept (no errors, or past the retention)")
    void errorCopy(@PathVariable long id, HttpServletResponse response) throws IOException {
        access.job(id);
        texts.copy(id, response);
    }

    @GetMapping("/export")
    @Operation(summary = "The residents of a grid in the import's shape, as xlsx or csv; numbers masked")
    void export(@RequestParam long gridId, @RequestParam(defaultValue = "xlsx") String format, HttpServletResponse response)
            throws IOException {
        access.download(gridId, format, response);
    }
}
