package io.gridwork.people.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.people.AssignmentView;
import io.gridwork.people.GridStats;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PeopleApi.PiiField;
import io.gridwork.people.PersonView;
import io.gridwork.people.internal.PartyNetwork;
import io.gridwork.people.StaffRole;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.Scope;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@RequestMapping("/api")
@Tag(name = "People", description = "The grid tree with counts, households and residents, staff, party network, personal data")
class PeopleApiController {

    private final GridApi grid;
    private final PeopleApi people;
    private final GridViews views;
    private final Households households;
    private final PartyNetwork party;

    PeopleApiController(GridApi grid, PeopleApi people, GridViews views, Households households, PartyNetwork party) {
        this.grid = grid;
        this.people = people;
        this.views = views;
        this.households = households;
        this.party = party;
    }

    record Tree(List<GridStats> nodes) {
    }

    record GridDetail(GridStats stats, List<GridNode> lineage, List<GridStats> children) {
    }

    record HouseholdDetail(HouseholdView household, String address, List<PersonView> members) {
    }

    record Unmask(PiiField field, String reason) {
    }

    record Unmasked(long personId, PiiField field, String value) {
    }

    record NewAssignment(Long personId, StaffRole role, Long gridId, Long buildingId, LocalDate startDate, LocalDate endDate) {
    }

    @GetMapping("/grid/tree")
    @Operation(summary = "The grids at the top of my scope (or the children of root), with counts and warnings")
    Tree tree(@RequestParam(required = false) Long root) {
        if (root != null) {
            return new Tree(views.childrenStats(views.scopedNode(root)));
        }
        return new Tree(views.stats(views.scopeRoots(CurrentUser.get())));
    }

    @GetMapping("/grid/{id}")
    @Operation(summary = "One grid with its counts, warnings, ancestors and children")
    GridDetail grid(@PathVariable long id) {
        GridNode node = views.scopedNode(id);
        return new GridDetail(views.stats(node), grid.lineage(id), views.childrenStats(node));
    }

    @GetMapping("/grid/{id}/children")
    @Operation(summary = "Children of a grid with counts, in code order, a page at a time: at most size (1–200, "
            + "default 50) after the grid coded after (the last code of the page before); fewer than size: the last page")
    List<GridStats> children(@PathVariable long id, @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "50") int size) {
        if (size < 1 || size > 200) {
            throw ProblemException.badRequest("invalid-size", "size is between 1 and 200", java.util.Map.of("field", "size"));
        }
        return views.children(views.scopedNode(id), after, size).items();
    }

    @GetMapping("/grid/{id}/staff")
    @Operation(summary = "Staff assigned to a grid today")
    List<AssignmentView> staff(@PathVariable long id) {
        views.scopedNode(id);
        return people.staffOf(id);
    }

    @GetMapping("/households/{id}")
    @Operation(summary = "A household and its members (numbers masked)")
    HouseholdDetail household(@PathVariable long id) {
        HouseholdView h = households.scoped(id);
        return new HouseholdDetail(h, h.address(), people.membersOf(id));
    }

    record NewMember(String name, String idCard, String phone, String relation, java.util.Set<io.gridwork.people.CareTag> tags) {
    }

    @PostMapping("/households/{id}/members")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a resident in a household (an existing person with the same ID card moves in)")
    PersonView register(@PathVariable long id, @RequestBody NewMember body) {
        if (body == null) {
            throw ProblemException.badRequest("body-required", "send name, idCard, phone, relation and tags");
        }
        households.scoped(id);
        long personId = people.register(id, new PeopleApi.NewPerson(body.name(), body.idCard(), body.phone(), null), body.relation());
        if (body.tags() != null) {
            people.setTags(personId, body.tags());
        }
        return people.person(personId).orElseThrow();
    }

    @PostMapping("/households/{id}/members/{personId}/leave")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Record that a resident moved out of a household (history is kept)")
    void leave(@PathVariable long id, @PathVariable long personId) {
        households.scoped(id);
        people.leave(id, personId);
    }

    @org.springframework.web.bind.annotation.PutMapping("/people/{id}/tags")
    @Operation(summary = "Replace the care tags of a resident")
    PersonView tags(@PathVariable long id, @RequestBody java.util.Set<io.gridwork.people.CareTag> tags) {
        households.scopedPerson(id);
        people.setTags(id, tags == null ? java.util.Set.of() : tags);
        return people.person(id).orElseThrow();
    }

    @PostMapping("/people/{id}/unmask")
    @Operation(summary = "The full ID card or phone number of a person; needs PII_UNMASK and a reason; audited")
    Unmasked unmask(@PathVariable long id, @RequestBody Unmask body, HttpServletRequest request) {
        if (body == null || body.field() == null) {
            throw ProblemException.badRequest("field-required", "say which field: ID_CARD or PHONE", Map.of("field", "field"));
        }
        try {
            households.scopedPerson(id);
        } catch (ProblemException e) {
            people.recordRefusedUnmask(id, body.field(), body.reason(), CurrentUser.get(), request.getRemoteAddr(),
                    io.gridwork.people.PeopleApi.UnmaskOutcome.ofScopeRefusal(e));
            throw e;
        }
        return new Unmasked(id, body.field(), people.unmask(id, body.field(), body.reason(), CurrentUser.get(), request.getRemoteAddr()));
    }

    @PostMapping("/assignments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Assign a person to a grid or building for a period")
    AssignmentView assign(@RequestBody NewAssignment body) {
        if (body == null || body.personId() == null || body.role() == null) {
            throw ProblemException.badRequest("invalid-request", "personId and role are required");
        }
        people.person(body.personId()).orElseThrow(() -> ProblemException.notFound("person", body.personId()));
        String path;
        if (body.gridId() != null) {
            path = views.scopedNode(body.gridId()).path();
        } else if (body.buildingId() != null) {
            var b = grid.building(body.buildingId()).orElseThrow(() -> ProblemException.notFound("building", body.buildingId()));
            path = grid.node(b.compoundId()).orElseThrow().path();
        } else {
            throw ProblemException.badRequest("target-required", "an assignment needs gridId or buildingId");
        }
        Scope.requireGrid(path, body.gridId() != null ? "grid" : "building",
                body.gridId() != null ? body.gridId() : body.buildingId());
        long id = people.assign(body.personId(), body.role(), body.gridId(), body.buildingId(), null,
                body.startDate() == null ? LocalDate.now() : body.startDate(), body.endDate());
        return people.activeAssignmentsOf(body.personId()).stream().filter(a -> a.id() == id).findFirst()
                .orElseGet(() -> new AssignmentView(id, body.personId(), null, body.role(), body.gridId(), body.buildingId(),
                        null, body.startDate(), body.endDate()));
    }

    @GetMapping("/party/orgs")
    @Operation(summary = "The party network: organisations with their member counts, within my scope")
    List<PartyNetwork.PartyOrg> partyOrgs() {
        return party.orgsWithin(CurrentUser.get());
    }

    @GetMapping("/audit/pii")
    @Operation(summary = "The unmasking audit log, newest first (administrators)")
    List<PartyNetwork.PiiAccess> audit(@RequestParam(required = false) Long personId) {
        return party.piiAccessLog(personId);
    }
}
