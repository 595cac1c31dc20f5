package io.gridwork.transparency.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.shared.security.CurrentUser;
import io.gridwork.transparency.internal.Reports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/transparency")
@Tag(name = "Transparency")
class ReportApiController {

    private final Reports reports;

    ReportApiController(Reports reports) {
        this.reports = reports;
    }

    @GetMapping("/reports")
    @Operation(summary = "A compound's quarterly reports the caller sees (residents: the published ones of their compound)")
    List<Reports.Report> list(@RequestParam long compoundId) {
        return reports.ofCompound(compoundId, CurrentUser.get());
    }

    @PostMapping("/reports")
    @Operation(summary = "The property company opens a draft report (SERVICE or FINANCE) for a quarter its contract covers")
    ResponseEntity<Reports.Report> create(@RequestBody(required = false) Reports.NewReport body) {
        Reports.Report r = reports.create(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/transparency/reports/" + r.id())).body(r);
    }

    @GetMapping("/reports/{id}")
    @Operation(summary = "One report with its sections or lines and the owners' questions")
    Reports.Report get(@PathVariable long id) {
        return reports.get(id, CurrentUser.get());
    }

    @PutMapping("/reports/{id}")
    @Operation(summary = "Replace a draft's content; the declared totals must be the sums of the lines; a published report "
            + "never changes (409 report-published)")
    Reports.Report save(@PathVariable long id, @RequestBody(required = false) Reports.Content body) {
        return reports.save(id, body, CurrentUser.get());
    }

    @PostMapping("/reports/{id}/submit")
    @Operation(summary = "The property company submits a draft to the owners committee")
    Reports.Report submit(@PathVariable long id) {
        return reports.submit(id, CurrentUser.get());
    }

    @PostMapping("/reports/{id}/approve")
    @Operation(summary = "The owners committee approves a submitted report, which publishes it")
    Reports.Report approve(@PathVariable long id) {
        return reports.approve(id, CurrentUser.get());
    }

    record Comment(String comment) {
    }

    @PostMapping("/reports/{id}/return")
    @Operation(summary = "The owners committee sends a submitted report back with a comment")
    Reports.Report sendBack(@PathVariable long id, @RequestBody(required = false) Comment body) {
        return reports.sendBack(id, body == null ? null : body.comment(), CurrentUser.get());
    }

    record Reason(String reason) {
    }

    @PostMapping("/reports/{id}/corrections")
    @Operation(summary = "Correct the latest published version: a new draft version with the reason; both stay visible")
    ResponseEntity<Reports.Report> correct(@PathVariable long id, @RequestBody(required = false) Reason body) {
        Reports.Report r = reports.correct(id, body == null ? null : body.reason(), CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/transparency/reports/" + r.id())).body(r);
    }

    record Ask(String body) {
    }

    @PostMapping("/reports/{id}/questions")
    @Operation(summary = "A resident of the compound asks a question on a published report")
    ResponseEntity<Reports.Question> ask(@PathVariable long id, @RequestBody(required = false) Ask body) {
        return ResponseEntity.status(201).body(reports.ask(id, body == null ? null : body.body(), CurrentUser.get()));
    }

    record Answer(String answer) {
    }

    @PostMapping("/questions/{id}/answer")
    @Operation(summary = "The property company answers a question, once, in public")
    Reports.Question answer(@PathVariable long id, @RequestBody(required = false) Answer body) {
        return reports.answer(id, body == null ? null : body.answer(), CurrentUser.get());
    }
}
