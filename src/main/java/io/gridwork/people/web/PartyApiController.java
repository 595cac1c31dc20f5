package io.gridwork.people.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.people.PeopleApi.PartyOrgLevel;
import io.gridwork.people.internal.PartyNetworkService;
import io.gridwork.people.internal.PartyNetworkService.PersonRef;
import io.gridwork.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The party network (党建网络) for machine clients: the same rules as the pages under /party. */
@RestController
@RequestMapping("/api/party")
@Tag(name = "Party network", description = "Five levels, 双报到, mobile members' report-ins, service hours")
class PartyApiController {

    private final PartyNetworkService party;

    PartyApiController(PartyNetworkService party) {
        this.party = party;
    }

    record Created(long id) {
    }

    record NewOrg(PartyOrgLevel level, String name, Long gridId, Long buildingId, Long parentId) {
    }

    record Rename(String name) {
    }

    record NewMember(Long personId, String name, String idLast4, LocalDate joinedOn, Boolean mobile) {
    }

    record Mobile(Boolean mobile) {
    }

    record NewDual(Long personId, String name, String idLast4, Long communityId, String employerOrg, LocalDate registeredOn) {
    }

    record NewReportIn(String whereabouts, String contactPhone, LocalDate reportedOn, String note) {
    }

    record NewHours(Long personId, Long gridId, LocalDate servedOn, BigDecimal hours, String activity) {
    }

    @GetMapping("/tree")
    @Operation(summary = "The five levels within my scope: organisations with their members and the organisations below")
    List<PartyNetworkService.Org> tree() {
        return party.tree(CurrentUser.get());
    }

    @PostMapping("/orgs")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an organisation over a grid of its level (the parent is the level above over that grid)")
    Created createOrg(@RequestBody NewOrg n) {
        return new Created(party.createOrg(new PartyNetworkService.NewOrg(n.level(), n.name(), n.gridId(), n.buildingId(),
                n.parentId()), CurrentUser.get()));
    }

    @PutMapping("/orgs/{id}")
    @Operation(summary = "Rename an organisation")
    Map<String, Object> rename(@PathVariable long id, @RequestBody Rename r) {
        party.renameOrg(id, r.name(), CurrentUser.get());
        return Map.of("id", id, "name", r.name().strip());
    }

    @PostMapping("/orgs/{id}/members")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a resident of the register as a member (by id, or by name and the last 4 characters of the ID number)")
    Created addMember(@PathVariable long id, @RequestBody NewMember m) {
        return new Created(party.addMember(id, new PersonRef(m.personId(), m.name(), m.idLast4()), m.joinedOn(),
                Boolean.TRUE.equals(m.mobile()), CurrentUser.get()));
    }

    @PutMapping("/members/{id}/mobile")
    @Operation(summary = "Mark a member as mobile (流动党员) or not")
    Map<String, Object> mobile(@PathVariable long id, @RequestBody Mobile m) {
        if (m.mobile() == null) {
            throw io.gridwork.shared.web.ProblemException.badRequest("party-mobile-required", "say true or false",
                    Map.of("field", "mobile"));
        }
        party.setMobile(id, m.mobile(), CurrentUser.get());
        return Map.of("id", id, "mobile", m.mobile());
    }

    @GetMapping("/dual-registrations")
    @Operation(summary = "双报到: in-service members registered with communities in my scope, and the count per community")
    PartyNetworkService.DualList dual(@RequestParam(required = false) Long communityId) {
        return party.dual(communityId, CurrentUser.get());
    }

    @PostMapping("/dual-registrations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "双报到: register a resident as an in-service party member with their home community")
    Created registerDual(@RequestBody NewDual n) {
        return new Created(party.registerDual(new PartyNetworkService.NewDual(new PersonRef(n.personId(), n.name(), n.idLast4()),
                n.communityId(), n.employerOrg(), n.registeredOn()), CurrentUser.get()));
    }

    @GetMapping("/mobile-members")
    @Operation(summary = "Mobile members with their latest report-in; overdue after `months` (default 3) without one")
    List<PartyNetworkService.MobileMember> mobileMembers(@RequestParam(required = false) Integer months,
            @RequestParam(defaultValue = "false") boolean overdueOnly) {
        return party.mobileMembers(months, overdueOnly, CurrentUser.get());
    }

    @PostMapping("/report-ins")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "A mobile party member (resident account) reports where they are now")
    Created reportIn(@RequestBody NewReportIn r) {
        return new Created(party.reportIn(new PartyNetworkService.ReportIn(r.whereabouts(), r.contactPhone(), r.reportedOn(),
                r.note()), CurrentUser.get()));
    }

    @GetMapping("/service-hours")
    @Operation(summary = "Service hours in my grids over a period (default: this year): entries, totals per member and organisation")
    PartyNetworkService.HoursReport hours(@RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to) {
        return party.hours(from, to, CurrentUser.get());
    }

    @PostMapping("/service-hours")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a member's service hours (date, hours in tenths, activity, grid)")
    Created recordHours(@RequestBody NewHours n) {
        return new Created(party.recordHours(new PartyNetworkService.NewHours(n.personId(), n.gridId(), n.servedOn(), n.hours(),
                n.activity()), CurrentUser.get()));
    }
}
