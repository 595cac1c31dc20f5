package io.gridwork.notify.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.notify.internal.Groups;
import io.gridwork.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api")
@Tag(name = "Groups", description = "The group matrix: audiences, notices with read receipts, tasks collected per household, Q&A")
class GroupApiController {

    private final Groups groups;

    GroupApiController(Groups groups) {
        this.groups = groups;
    }

    @GetMapping("/audiences")
    List<Groups.Audience> audiences() {
        return groups.list(CurrentUser.get());
    }

    record NewAudience(Long gridId, Long buildingId, String name) {
    }

    @PostMapping("/audiences")
    @Operation(summary = "An audience for a community, compound, micro-grid (gridId) or building (buildingId)")
    ResponseEntity<Groups.Audience> create(@RequestBody NewAudience body) {
        Groups.Audience a = groups.create(body.gridId(), body.buildingId(), body.name(), CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/audiences/" + a.id())).body(a);
    }

    @GetMapping("/audiences/{id}")
    Groups.AudienceView audience(@PathVariable long id) {
        return groups.audienceView(id, CurrentUser.get());
    }

    record Webhook(String url) {
    }

    @PutMapping("/audiences/{id}/webhook")
    @Operation(summary = "Set (or, with an empty url, remove) the WeCom group robot; stored encrypted, shown masked")
    Groups.Audience webhook(@PathVariable long id, @RequestBody Webhook body) {
        return groups.setWebhook(id, body.url(), true, CurrentUser.get());
    }

    record ManagerRole(Groups.ManagerRole role) {
    }

    @PutMapping("/audiences/{id}/managers/{accountId}")
    Groups.AudienceView manager(@PathVariable long id, @PathVariable long accountId, @RequestBody ManagerRole body) {
        groups.setManager(id, accountId, body.role(), false, CurrentUser.get());
        return groups.audienceView(id, CurrentUser.get());
    }

    @DeleteMapping("/audiences/{id}/managers/{accountId}")
    Groups.AudienceView removeManager(@PathVariable long id, @PathVariable long accountId) {
        groups.setManager(id, accountId, null, true, CurrentUser.get());
        return groups.audienceView(id, CurrentUser.get());
    }

    record NewNotice(Groups.NoticeType type, String title, String body, List<String> options, Instant dueAt) {
    }

    @PostMapping("/audiences/{id}/notices")
    @Operation(summary = "Publish a notice or a task to the audience's members (and its robot)")
    ResponseEntity<Groups.Notice> publish(@PathVariable long id, @RequestBody NewNotice body) {
        Groups.Notice n = groups.publish(id, body.type(), body.title(), body.body(), body.options(), body.dueAt(), CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/notices/" + n.id())).body(n);
    }

    @GetMapping("/my/notices")
    List<Groups.NoticeSummary> received() {
        return groups.received(CurrentUser.get().accountId());
    }

    @GetMapping("/notices/{id}")
    Groups.NoticeView notice(@PathVariable long id) {
        return groups.noticeView(id, CurrentUser.get());
    }

    @PostMapping("/notices/{id}/read")
    Groups.NoticeView read(@PathVariable long id) {
        groups.markRead(id, CurrentUser.get());
        return groups.noticeView(id, CurrentUser.get());
    }

    record TaskAnswer(String answer) {
    }

    @PostMapping("/notices/{id}/answer")
    @Operation(summary = "Answer a task for one's household; a later answer from the household replaces the earlier")
    Groups.NoticeView answer(@PathVariable long id, @RequestBody TaskAnswer body) {
        groups.answer(id, body.answer(), CurrentUser.get());
        return groups.noticeView(id, CurrentUser.get());
    }

    @GetMapping("/notices/{id}/results")
    @Operation(summary = "Read receipts and, for tasks, answers and completeness per building")
    Groups.Results results(@PathVariable long id) {
        return groups.results(id, CurrentUser.get());
    }

    @PostMapping("/notices/{id}/remind")
    @Operation(summary = "Remind the households that have not answered")
    Map<String, Integer> remind(@PathVariable long id) {
        return Map.of("households", groups.remind(id, CurrentUser.get()));
    }

    @GetMapping("/notices/{id}/questions")
    List<Groups.Question> questions(@PathVariable long id) {
        return groups.questions(id, CurrentUser.get());
    }

    record Ask(String body) {
    }

    @PostMapping("/notices/{id}/questions")
    ResponseEntity<Groups.Question> ask(@PathVariable long id, @RequestBody Ask body) {
        Groups.Question q = groups.askQuestion(id, body.body(), CurrentUser.get());
        return ResponseEntity.status(201).body(q);
    }

    record Reply(String reply) {
    }

    @PostMapping("/notices/{id}/questions/{questionId}/reply")
    Groups.Question reply(@PathVariable long id, @PathVariable long questionId, @RequestBody Reply body) {
        return groups.replyTo(id, questionId, body.reply(), CurrentUser.get());
    }

}
