package io.gridwork.demand.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandPolicies;
import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api")
@Tag(name = "Demands", description = "Residents' demands: intake, triage, dispatch, handling, supervision, closing")
class DemandApiController {

    private final DemandService service;
    private final DemandQueries queries;
    private final DemandPolicies policies;
    private final GridApi grid;

    private final IntakeGate gate;

    DemandApiController(DemandService service, DemandQueries queries, DemandPolicies policies, GridApi grid, IntakeGate gate) {
        this.gate = gate;
        this.service = service;
        this.queries = queries;
        this.policies = policies;
        this.grid = grid;
    }

    record Note(String note) {
    }

    record Accept(Grade grade, String categoryCode, String note) {
    }

    record Reason(String reason) {
    }

    record Merge(Long intoId, String note) {
    }

    record Dispatch(Set<Party> parties, String note) {
    }

    record Reroute(Set<Party> add, Set<Party> withdraw, String reason) {
    }

    record Plan(String measures, Instant deadline) {
    }

    record Reopen(String comment) {
    }

    record Rating(Integer rating, String comment) {
    }

    /**
     * A page of demands: {@code next} is the cursor of the following page (null on the last); {@code total} counts the
     * matching demands up to 10,000 and {@code totalCapped} says there are more.
     */
    /** {@code partial}: the page ended where the server stopped looking (a rare filter), not full; follow {@code next}. */
    record Page(List<DemandQueries.Summary> items, long total, boolean totalCapped, int page, int size, String next,
            boolean partial) {
    }

    @GetMapping("/demands/categories")
    @Operation(summary = "The demand categories of a community (default: the caller's)")
    List<CategoryView> categories(@RequestParam(required = false) Long communityId) {
        return policies.categories(communityId != null ? communityId : communityOf(CurrentUser.get()));
    }

    private long communityOf(GridworkUser user) {
        Long anchor = null;
        if (user.householdId() != null) {
            anchor = grid.household(user.householdId()).map(h -> h.microGridId() != null ? h.microGridId() : h.compoundId()).orElse(null);
        } else if (!user.scopePaths().isEmpty() && !user.scopePaths().contains("/")) {
            anchor = grid.topsOf(user.scopePaths()).stream().findFirst().map(GridNode::id).orElse(null);
        }
        if (anchor == null) {
            throw ProblemException.badRequest("community-required", "say which community: ?communityId=", Map.of("field", "communityId"));
        }
        return grid.lineage(anchor).stream().filter(n -> n.level() == GridLevel.COMMUNITY).map(GridNode::id).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("community-required", "say which community: ?communityId="));
    }

    @PostMapping("/demands")
    @Operation(summary = "Report a demand (residents) or enter one on a resident's behalf (staff); "
            + "an Idempotency-Key header makes retries safe")
    ResponseEntity<DemandView> submit(@RequestBody DemandService.Submission body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        if (body == null) {
            throw ProblemException.badRequest("body-required", "send the demand as JSON");
        }
        GridworkUser user = CurrentUser.get();
        // the answer is built from the aggregate the service wrote (a replay reads the earlier demand)
        DemandService.Submitted result = gate.submit(body, user, key);
        DemandView view = result.view();
        return result.created()
                ? ResponseEntity.created(URI.create("/api/demands/" + result.id())).body(view)
                : ResponseEntity.ok().header("Idempotent-Replay", "true").body(view);
    }

    @GetMapping("/demands")
    @Operation(summary = "Demands I may see, newest first: residents their own, staff their grids, parties their assignments. "
            + "Pages go by cursor: pass the answer's next as cursor (page numbers still work for the first 10,000 rows); "
            + "total is counted up to 10,000 (totalCapped: there are more)")
    Page list(@RequestParam(required = false) Set<DemandStatus> status, @RequestParam(required = false) String category,
            @RequestParam(required = false) Party party, @RequestParam(required = false) DemandView.Colour colour,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) Long gridId, @RequestParam(required = false) String refNo,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
            @RequestParam(required = false) String cursor) {
        if (size < 1 || size > 500 || page < 0) {
            throw ProblemException.badRequest("invalid-page", "page ≥ 0 and 1 ≤ size ≤ 500");
        }
        if (cursor != null && page > 0) {
            throw ProblemException.badRequest("invalid-page", "give either a cursor or a page number, not both");
        }
        if ((long) page * size + size > DemandQueries.MAX_OFFSET) {
            throw ProblemException.badRequest("invalid-page",
                    "page numbers reach the first " + DemandQueries.MAX_OFFSET + " demands; go on with the cursor (next)");
        }
        GridworkUser user = CurrentUser.get();
        var filter = new DemandQueries.Filter(status, category, party, colour, from, to, gridId, refNo, page, size);
        DemandQueries.Count total = queries.count(filter, user);
        if (page > 0) {
            // a page by number: the rows before it are read and skipped (bounded by MAX_OFFSET); next continues after it
            List<DemandQueries.Summary> items = queries.list(filter, user);
            String next = items.size() < size ? null : queries.cursorAfter(items.get(items.size() - 1));
            return new Page(items, total.value(), total.capped(), page, size, next, false);
        }
        DemandQueries.Slice slice = queries.slice(filter, cursor, user);
        return new Page(slice.items(), total.value(), total.capped(), page, size, slice.next(), slice.partial());
    }

    @GetMapping("/demands/{id}")
    @Operation(summary = "One demand with its parties and timeline")
    DemandView get(@PathVariable long id) {
        return queries.view(id, CurrentUser.get());
    }

    @GetMapping("/demands/{id}/duplicates")
    @Operation(summary = "Open demands of the same category at the same building or nearby")
    List<DemandQueries.Summary> duplicates(@PathVariable long id) {
        DemandView d = queries.view(id, CurrentUser.get());
        return queries.possibleDuplicates(d.categoryCode(), d.buildingId(), null, null, id, CurrentUser.get());
    }

    @GetMapping("/demands/duplicates")
    @Operation(summary = "While reporting: open demands of a category at a building or near a point")
    List<DemandQueries.Summary> duplicatesFor(@RequestParam String category, @RequestParam(required = false) Long buildingId,
            @RequestParam(required = false) Double lat, @RequestParam(required = false) Double lon) {
        return queries.possibleDuplicates(category, buildingId, lat, lon, null, CurrentUser.get());
    }

    @PostMapping("/demands/{id}/accept")
    @Operation(summary = "Accept and grade (sets the time limits)")
    DemandView accept(@PathVariable long id, @RequestBody Accept body) {
        service.accept(id, body.grade(), body.categoryCode(), body.note(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/reject")
    @Operation(summary = "Reject with a reason (out of scope, not a demand, ...)")
    DemandView reject(@PathVariable long id, @RequestBody Reason body) {
        service.reject(id, body.reason(), CurrentUser.get());
        return get(id);
    }

    /** The reporter's number in full. */
    record Contact(String phone) {
    }

    @PostMapping("/demands/{id}/contact")
    @Operation(summary = "The reporter's contact number in full, for the handler of an open assignment (each view recorded; "
            + "403 contact-not-assigned otherwise, 409 contact-anonymous for an anonymous report)")
    Contact contact(@PathVariable long id, jakarta.servlet.http.HttpServletRequest request) {
        return new Contact(service.revealContact(id, CurrentUser.get(), request.getRemoteAddr()));
    }

    @GetMapping("/demands/{id}/contact-views")
    @Operation(summary = "Who saw the reporter's number and who was refused, newest first (grid staff of the demand's grid)")
    List<io.gridwork.demand.internal.DemandContacts.ContactView> contactViews(@PathVariable long id) {
        return service.contactViews(id, CurrentUser.get());
    }

    @PostMapping("/demands/{id}/merge")
    @Operation(summary = "Merge a duplicate into another open demand; both stay linked, both reporters hear")
    DemandView merge(@PathVariable long id, @RequestBody Merge body) {
        if (body.intoId() == null) {
            throw ProblemException.badRequest("target-required", "say which demand to merge into", Map.of("field", "intoId"));
        }
        service.merge(id, body.intoId(), body.note(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/dispatch")
    @Operation(summary = "Dispatch to one or more responsible parties (default: the category's)")
    DemandView dispatch(@PathVariable long id, @RequestBody Dispatch body) {
        service.dispatch(id, body.parties(), body.note(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/reroute")
    @Operation(summary = "Add or withdraw responsible parties, with a reason; the history is kept")
    DemandView reroute(@PathVariable long id, @RequestBody Reroute body) {
        service.reroute(id, body.add(), body.withdraw(), body.reason(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/assignments/{assignmentId}/start")
    @Operation(summary = "A party starts work on its assignment")
    DemandView start(@PathVariable long id, @PathVariable long assignmentId, @RequestBody(required = false) Note body) {
        service.startAssignment(id, assignmentId, body == null ? null : body.note(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/assignments/{assignmentId}/complete")
    @Operation(summary = "A party finishes its assignment; when all are done the demand is resolved")
    DemandView complete(@PathVariable long id, @PathVariable long assignmentId, @RequestBody(required = false) Note body) {
        service.completeAssignment(id, assignmentId, body == null ? null : body.note(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/plan")
    @Operation(summary = "Difficult demands: the measures and the binding deadline told to the resident")
    DemandView plan(@PathVariable long id, @RequestBody Plan body) {
        service.plan(id, body.measures(), body.deadline(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/hold")
    @Operation(summary = "Pause the clock with a reason (e.g. waiting for the owners committee)")
    DemandView hold(@PathVariable long id, @RequestBody Reason body) {
        service.hold(id, body.reason(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/resume")
    @Operation(summary = "Resume the clock; limits move by the time on hold")
    DemandView resume(@PathVariable long id, @RequestBody(required = false) Note body) {
        service.resume(id, body == null ? null : body.note(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/resolve-on-spot")
    @Operation(summary = "自办自结: the worker handled it on the spot")
    DemandView onSpot(@PathVariable long id, @RequestBody(required = false) Note body) {
        service.resolveOnSpot(id, body == null ? null : body.note(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/verify")
    @Operation(summary = "A worker verifies the result and closes the demand")
    DemandView verify(@PathVariable long id, @RequestBody(required = false) Note body) {
        service.verify(id, body == null ? null : body.note(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/confirm")
    @Operation(summary = "The reporter confirms it is fixed (closes)")
    DemandView confirm(@PathVariable long id, @RequestBody(required = false) Note body) {
        service.confirm(id, body == null ? null : body.note(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/reopen")
    @Operation(summary = "The reporter says it is not fixed (reopens with a comment)")
    DemandView reopen(@PathVariable long id, @RequestBody Reopen body) {
        service.reopen(id, body.comment(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/rate")
    @Operation(summary = "The reporter rates the result: 1 to 5 and a comment")
    DemandView rate(@PathVariable long id, @RequestBody Rating body) {
        if (body.rating() == null) {
            throw ProblemException.badRequest("invalid-rating", "a rating is 1 to 5", Map.of("field", "rating"));
        }
        service.rate(id, body.rating(), body.comment(), CurrentUser.get());
        return get(id);
    }

    @PostMapping("/demands/{id}/supervise")
    @Operation(summary = "Send a supervision notice (督办) to the responsible parties; recorded")
    DemandView supervise(@PathVariable long id, @RequestBody(required = false) Note body) {
        service.supervise(id, body == null ? null : body.note(), CurrentUser.get());
        return get(id);
    }

    @GetMapping("/supervision")
    @Operation(summary = "The daily supervision board: yellow and red demands by responsible party")
    DemandQueries.Board board() {
        return queries.board(CurrentUser.get());
    }
}
