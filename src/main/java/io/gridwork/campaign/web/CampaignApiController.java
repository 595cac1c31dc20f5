package io.gridwork.campaign.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

import io.gridwork.campaign.internal.Campaign;
import io.gridwork.campaign.internal.CampaignForm;
import io.gridwork.campaign.internal.CampaignPhotos;
import io.gridwork.campaign.internal.CampaignQueries;
import io.gridwork.campaign.internal.CampaignReport;
import io.gridwork.campaign.internal.CampaignService;
import io.gridwork.campaign.internal.CampaignVisits;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@Tag(name = "Campaigns", description = "Sweeps and emergency mode: campaigns, dispatch, volunteers, visits, coverage, report")
class CampaignApiController {

    private final CampaignService service;
    private final CampaignVisits visits;
    private final CampaignQueries queries;
    private final CampaignPhotos photos;
    private final CampaignReport report;

    CampaignApiController(CampaignService service, CampaignVisits visits, CampaignQueries queries, CampaignPhotos photos,
            CampaignReport report) {
        this.service = service;
        this.visits = visits;
        this.queries = queries;
        this.photos = photos;
        this.report = report;
    }

    record CampaignJson(long id, String title, String kind, String status, long communityId, String careTag,
            CampaignForm form, int formVersion, Instant startsAt, Instant deadline, int households, String createdBy,
            Instant createdAt, Instant dispatchedAt, Instant finishedAt, List<String> targetPaths,
            CampaignQueries.Counts coverage) {
    }

    /** The campaign; {@code coverage} counts the viewer's part of it (their grids, their volunteer part). */
    private CampaignJson json(Campaign c) {
        return new CampaignJson(c.id(), c.title(), c.kind(), c.status(), c.communityId(), c.careTag(), c.form(),
                c.formVersion(), c.startsAt(), c.deadline(), c.households(), c.createdByName(), c.createdAt(),
                c.dispatchedAt(), c.finishedAt(), service.targetPaths(c.id()),
                queries.totals(c.id(), service.figurePaths(c, CurrentUser.get())));
    }

    @GetMapping("/api/campaigns/templates")
    @Operation(summary = "The shipped form templates (gas-safety checklist, registration)")
    Map<String, CampaignForm> templates() {
        return CampaignForm.templates(LocaleContextHolder.getLocale());
    }

    @GetMapping("/api/campaigns")
    @Operation(summary = "Campaigns over your grids, and those you volunteer for")
    List<CampaignJson> list() {
        return queries.visibleTo(CurrentUser.get()).stream().map(this::json).toList();
    }

    @PostMapping("/api/campaigns")
    @Operation(summary = "Create a campaign (community or street staff); dispatch=true sends it at once (emergency mode)")
    ResponseEntity<CampaignJson> create(@RequestBody(required = false) CampaignService.NewCampaign body) {
        Campaign c = service.create(body, CurrentUser.get(), LocaleContextHolder.getLocale());
        return ResponseEntity.created(URI.create("/api/campaigns/" + c.id())).body(json(c));
    }

    @GetMapping("/api/campaigns/{id}")
    CampaignJson get(@PathVariable long id) {
        return json(service.requireSee(id, CurrentUser.get()));
    }

    @PutMapping("/api/campaigns/{id}/form")
    @Operation(summary = "Replace the form; once started only adding optional fields or options, relabelling, hazards")
    CampaignJson updateForm(@PathVariable long id, @RequestBody(required = false) CampaignForm form) {
        return json(service.updateForm(id, form, CurrentUser.get()));
    }

    @PostMapping("/api/campaigns/{id}/dispatch")
    @Operation(summary = "Dispatch to every worker and leader of the target grids and to the volunteers")
    CampaignJson dispatch(@PathVariable long id) {
        return json(service.dispatch(id, CurrentUser.get()));
    }

    @PostMapping("/api/campaigns/{id}/finish")
    CampaignJson finish(@PathVariable long id) {
        return json(service.finish(id, CurrentUser.get()));
    }

    @GetMapping("/api/campaigns/{id}/recipients")
    @Operation(summary = "Who the dispatch went to: names in full for the grid staff of the register, masked for the "
            + "property company, owners committee, party branch, service team and volunteers")
    List<CampaignService.Recipient> recipients(@PathVariable long id) {
        GridworkUser user = CurrentUser.get();
        service.requireSee(id, user);
        return service.recipients(id, user);
    }

    record NewVolunteer(String username, Long gridId) {
    }

    @GetMapping("/api/campaigns/{id}/volunteers")
    List<CampaignService.Volunteer> volunteers(@PathVariable long id) {
        GridworkUser user = CurrentUser.get();
        service.requireSee(id, user);
        if (!CampaignService.readsRooms(user)) { // volunteers are residents: listed to grid staff only
            throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, "visitors-only",
                    "a campaign's volunteers are listed to the grid staff who work beside them");
        }
        return service.volunteers(id);
    }

    @PostMapping("/api/campaigns/{id}/volunteers")
    @Operation(summary = "Add an existing account as a volunteer for this campaign (optionally for one grid of its targets)")
    CampaignService.Volunteer addVolunteer(@PathVariable long id, @RequestBody(required = false) NewVolunteer body) {
        if (body == null) {
            throw ProblemException.badRequest("body-required", "send {\"username\": ...}");
        }
        return service.addVolunteer(id, body.username(), body.gridId(), CurrentUser.get());
    }

    @DeleteMapping("/api/campaigns/{id}/volunteers/{accountId}")
    ResponseEntity<Void> removeVolunteer(@PathVariable long id, @PathVariable long accountId) {
        service.removeVolunteer(id, accountId, CurrentUser.get());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/campaigns/{id}/coverage")
    @Operation(summary = "Live coverage of a grid (default: the campaign's whole area), its children and lagging micro-grids")
    CampaignQueries.Coverage coverage(@PathVariable long id, @RequestParam(required = false) Long gridId) {
        Campaign c = service.requireSee(id, CurrentUser.get());
        return queries.coverage(c, service.coverageGrid(c, gridId, CurrentUser.get()));
    }

    @GetMapping("/api/campaigns/{id}/buildings")
    @Operation(summary = "The buildings whose households you may visit, with progress")
    List<CampaignQueries.BuildingProgress> buildings(@PathVariable long id) {
        GridworkUser user = CurrentUser.get();
        return queries.buildings(service.requireSee(id, user), user);
    }

    @GetMapping("/api/campaigns/{id}/buildings/{buildingId}/households")
    List<CampaignQueries.HouseholdProgress> households(@PathVariable long id, @PathVariable long buildingId) {
        GridworkUser user = CurrentUser.get();
        return queries.households(service.requireSee(id, user), buildingId, user);
    }

    @GetMapping("/api/campaigns/{id}/revisits")
    @Operation(summary = "Households not at home that you may revisit")
    List<CampaignQueries.HouseholdProgress> revisits(@PathVariable long id) {
        GridworkUser user = CurrentUser.get();
        return queries.revisits(service.requireSee(id, user), user);
    }

    @PostMapping("/api/campaigns/{id}/visits")
    @Operation(summary = "Record a visit; the phone's clientId makes a resend count once (201 first, 200 again)")
    ResponseEntity<CampaignVisits.Visit> visit(@PathVariable long id,
            @RequestBody(required = false) CampaignVisits.VisitRequest body) {
        CampaignVisits.Recorded r = visits.record(id, body, CurrentUser.get());
        return ResponseEntity.status(r.duplicate() ? 200 : 201).body(r.visit());
    }

    record VisitBatch(List<CampaignVisits.VisitRequest> visits) {
    }

    @PostMapping("/api/campaigns/{id}/visits/batch")
    @Operation(summary = "Record up to 100 visits in one transaction (an offline queue); 200 with each visit's outcome: "
            + "CREATED, DUPLICATE (its clientId was recorded before) or REFUSED with the problem, which wrote nothing")
    CampaignVisits.BatchResult visitBatch(@PathVariable long id, @RequestBody(required = false) VisitBatch body) {
        return visits.recordBatch(id, body == null ? null : body.visits(), CurrentUser.get());
    }

    @PostMapping("/api/campaigns/{id}/photos")
    @Operation(summary = "Upload a visit photo (multipart 'file' and 'clientId'); name its id in a PHOTO answer")
    ResponseEntity<CampaignPhotos.Photo> photo(@PathVariable long id, HttpServletRequest request) {
        service.requireSee(id, CurrentUser.get());
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart == null || multipart.getFile("file") == null) {
            throw ProblemException.badRequest("multipart-required", "send the photo as multipart/form-data with 'file' and 'clientId'");
        }
        MultipartFile f = multipart.getFile("file");
        try {
            byte[] content = f.getSize() > photos.maxBytes() ? null : f.getBytes();
            return ResponseEntity.status(201).body(photos.add(id, multipart.getParameter("clientId"),
                    f.getOriginalFilename(), f.getSize(), content, CurrentUser.get()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping("/campaigns/photos/{photoId}")
    ResponseEntity<byte[]> image(@PathVariable long photoId) {
        return serve(photos.open(photoId, false, CurrentUser.get()));
    }

    @GetMapping("/campaigns/photos/{photoId}/thumb")
    ResponseEntity<byte[]> thumb(@PathVariable long photoId) {
        return serve(photos.open(photoId, true, CurrentUser.get()));
    }

    private static ResponseEntity<byte[]> serve(CampaignPhotos.Content c) {
        byte[] bytes;
        try (var in = c.stream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG)
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate()).eTag(c.etag()).body(bytes);
    }

    @GetMapping("/api/campaigns/{id}/report.xlsx")
    @Operation(summary = "The campaign report of your grids: coverage per micro-grid, every visit with its address and answers. "
            + "For grid staff of the register only (room-level detail); others read counts by building on the summary page")
    void xlsx(@PathVariable long id, jakarta.servlet.http.HttpServletResponse response) throws IOException {
        GridworkUser user = CurrentUser.get();
        Campaign c = service.requireSee(id, user);
        List<String> rooms = service.roomPaths(c, user);
        if (rooms.isEmpty()) {
            // grid staff who see the campaign only as a volunteer elsewhere: no room of theirs is in it
            throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, "visitors-only",
                    "the report lists households room by room: it is for the grid staff of the campaign's grids");
        }
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"campaign-" + id + ".xlsx\"");
        try (var out = response.getOutputStream()) {
            report.write(c, rooms, LocaleContextHolder.getLocale(), out);
        }
    }
}
