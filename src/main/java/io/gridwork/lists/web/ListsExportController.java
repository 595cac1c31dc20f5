package io.gridwork.lists.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.demand.Party;
import io.gridwork.lists.internal.ListExports;
import io.gridwork.lists.internal.NeedService;
import io.gridwork.lists.internal.Places;
import io.gridwork.lists.internal.RectificationService;
import io.gridwork.lists.internal.ResourceService;
import io.gridwork.lists.internal.RoutineKind;
import io.gridwork.lists.internal.RoutineService;
import io.gridwork.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

/** Routine work and the three lists as Excel, with the filters of their list endpoints (at most 10,000 rows). */
@RestController
@Tag(name = "Routine work and lists")
class ListsExportController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final int MAX_ROWS = 10_000;

    private final RoutineService routine;
    private final NeedService needs;
    private final ResourceService resources;
    private final RectificationService rectification;
    private final ListExports exports;

    ListsExportController(RoutineService routine, NeedService needs, ResourceService resources,
            RectificationService rectification, ListExports exports) {
        this.routine = routine;
        this.needs = needs;
        this.resources = resources;
        this.rectification = rectification;
        this.exports = exports;
    }

    @GetMapping("/api/routine.xlsx")
    @Operation(summary = "Routine work (五寻常) as Excel (filters of GET /api/routine)")
    void routine(@RequestParam(required = false) Long gridId, @RequestParam(required = false) RoutineKind kind,
            @RequestParam(required = false) Long workerAccountId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            Locale locale, HttpServletResponse response) throws IOException {
        var rows = routine.list(new RoutineService.Filter(gridId, kind, workerAccountId, from, to, MAX_ROWS), CurrentUser.get());
        try (OutputStream out = start(response, "五寻常工作-routine", rows.size())) {
            exports.routine(rows, locale, out);
        }
    }

    @GetMapping("/api/needs.xlsx")
    @Operation(summary = "The needs list as Excel (filters of GET /api/needs)")
    void needs(@RequestParam(required = false) Long gridId, @RequestParam(required = false) Set<NeedService.Status> status,
            @RequestParam(required = false) NeedService.Category category,
            @RequestParam(required = false) NeedService.Source source,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String q, Locale locale, HttpServletResponse response) throws IOException {
        var rows = needs.list(new NeedService.Filter(gridId, status, category, source, from, to, q, MAX_ROWS), CurrentUser.get());
        try (OutputStream out = start(response, "需求清单-needs", rows.size())) {
            exports.needs(rows, locale, out);
        }
    }

    @GetMapping("/api/resources.xlsx")
    @Operation(summary = "The resources list as Excel (filters of GET /api/resources); phones masked")
    void resources(@RequestParam(required = false) Long gridId, @RequestParam(required = false) ResourceService.Kind kind,
            @RequestParam(required = false) String q, @RequestParam(required = false) Boolean active, Locale locale,
            HttpServletResponse response) throws IOException {
        var rows = resources.list(new ResourceService.Filter(gridId, kind, q, active, MAX_ROWS), CurrentUser.get());
        try (OutputStream out = start(response, "资源清单-resources", rows.size())) {
            exports.resources(rows, locale, out);
        }
    }

    @GetMapping("/api/rectifications.xlsx")
    @Operation(summary = "The rectification list as Excel (filters of GET /api/rectifications)")
    void rectification(@RequestParam(required = false) Long gridId,
            @RequestParam(required = false) Set<RectificationService.Shown> status,
            @RequestParam(required = false) RectificationService.Source source, @RequestParam(required = false) Party party,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String q, Locale locale, HttpServletResponse response) throws IOException {
        var rows = rectification.list(new RectificationService.Filter(gridId, status, source, party, from, to, q, MAX_ROWS),
                CurrentUser.get());
        try (OutputStream out = start(response, "整治清单-rectification", rows.size())) {
            exports.rectification(rows, locale, out);
        }
    }

    /** Headers go out only after the query succeeded, so a refusal is still a problem response. */
    private static OutputStream start(HttpServletResponse response, String name, int rows) throws IOException {
        response.setContentType(XLSX);
        response.setHeader("X-Total-Count", String.valueOf(rows));
        response.setHeader("Content-Disposition", ContentDisposition.attachment()
                .filename(name + "-" + Places.today() + ".xlsx", StandardCharsets.UTF_8).build().toString());
        return response.getOutputStream();
    }
}
