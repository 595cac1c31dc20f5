package io.gridwork.deliberation.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

import io.gridwork.deliberation.internal.Decisions;
import io.gridwork.deliberation.internal.Results;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/** A decision's tree of results with weighted progress, and its bulk update from a spreadsheet. */
@RestController
@RequestMapping("/api/deliberation")
@Tag(name = "Deliberation")
class ResultApiController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Results results;
    private final Decisions decisions;

    ResultApiController(Results results, Decisions decisions) {
        this.results = results;
        this.decisions = decisions;
    }

    @GetMapping("/decisions/{id}/results")
    @Operation(summary = "A decision's results and sub-results, each with its weight and progress (a parent's is the weighted mean)")
    List<Results.Result> tree(@PathVariable long id) {
        decisions.get(id, CurrentUser.get());
        return results.tree(id);
    }

    @PostMapping("/decisions/{id}/results")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a result ({title, weight 1–100, parentId for a sub-result}; three levels, 100 results at most)")
    List<Results.Result> add(@PathVariable long id, @RequestBody(required = false) Results.NewResult body) {
        return results.add(id, body, CurrentUser.get());
    }

    record ProgressBody(Integer progress, String note) {
    }

    @PostMapping("/results/{id}/progress")
    @Operation(summary = "A leaf result's progress (0–100, with a note); its parents' and the decision's progress follow")
    List<Results.Result> progress(@PathVariable long id, @RequestBody(required = false) ProgressBody body) {
        return results.progress(id, body == null ? null : body.progress(), body == null ? null : body.note(), CurrentUser.get());
    }

    @GetMapping("/result-sheet")
    @Operation(summary = "The bulk-update template (xlsx): the leaf results of the open decisions the caller may update")
    ResponseEntity<byte[]> template(Locale locale) {
        return sheet(results.template(CurrentUser.get(), locale));
    }

    static ResponseEntity<byte[]> sheet(byte[] bytes) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, XLSX).header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition
                .attachment().filename("决议分项进度-results.xlsx", StandardCharsets.UTF_8).build().toString()).body(bytes);
    }

    @PostMapping("/result-sheet")
    @Operation(summary = "Upload the filled-in template (multipart 'file'): all rows applied, or none with every row's faults "
            + "(400 delib-sheet-rows, rows: [{line, code, args}])")
    Map<String, Integer> upload(HttpServletRequest request) {
        return Map.of("updated", results.upload(file(request), CurrentUser.get()));
    }

    static byte[] file(HttpServletRequest request) {
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart == null) {
            throw ProblemException.badRequest("multipart-required", "send the sheet as a multipart/form-data 'file' part");
        }
        MultipartFile f = multipart.getFile("file");
        if (f == null || f.isEmpty()) {
            throw ProblemException.badRequest("file-required", "send the filled-in template (field: file)", Map.of("field", "file"));
        }
        try {
            return f.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
