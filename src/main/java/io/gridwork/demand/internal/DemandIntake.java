package io.gridwork.demand.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandEvents;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.DeviceReport;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.demand.internal.DemandService.Submitted;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Taking demands in: residents' reports and staff entry (idempotent per account and key, the answer built from
 * the aggregate in memory), device reports and external (Open311) submissions. One transaction writes the
 * demand row with its limits, first deadline and key, and its first timeline step; the event is published in it.
 */
@Service
@Transactional
class DemandIntake {

    private final DemandRepository demands;
    private final DemandPolicies policies;
    private final DemandLocator locator;
    private final Deadlines deadlines;
    private final DemandAccess access;
    private final DemandDetails details;
    private final PeopleApi people;
    private final NewDemands newDemands;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final int hourlyLimit;

    DemandIntake(DemandRepository demands, DemandPolicies policies, DemandLocator locator, Deadlines deadlines,
            DemandAccess access, DemandDetails details, PeopleApi people, NewDemands newDemands, JdbcClient jdbc,
            ApplicationEventPublisher events, @Value("${gridwork.demand.hourly-limit-per-account:20}") int hourlyLimit) {
        this.demands = demands;
        this.policies = policies;
        this.locator = locator;
        this.deadlines = deadlines;
        this.access = access;
        this.details = details;
        this.people = people;
        this.newDemands = newDemands;
        this.jdbc = jdbc;
        this.events = events;
        this.hourlyLimit = hourlyLimit;
    }

    /** The key as the demand row holds it: unique per account and key. */
    private static String idempotencyKey(GridworkUser user, String key) {
        return key == null || key.isBlank() ? null : "account:" + user.accountId() + ":" + key;
    }

    public Optional<Long> findByIdempotencyKey(GridworkUser user, String key) {
        String stored = idempotencyKey(user, key);
        if (stored == null) {
            return Optional.empty();
        }
        return jdbc.sql("select id from demand where idempotency_key = ?").param(stored).query(Long.class).optional();
    }

    /** The demand an earlier submission with this key created, as the submitter sees it now. */
    public Optional<Submitted> replay(GridworkUser user, String key) {
        return findByIdempotencyKey(user, key).map(id -> new Submitted(id, false, details.view(id, user)));
    }

    /**
     * Writes a new demand. A key used before fails on the demand row's unique key (nothing is looked up first:
     * retries are rare, and a concurrent duplicate would pass any look-up anyway); {@link DemandService#submit}
     * then answers with the earlier demand.
     */
    public Submitted submit(Submission s, GridworkUser user, String idempotencyKey) {
        if (idempotencyKey != null && idempotencyKey.length() > 100) {
            throw ProblemException.badRequest("invalid-idempotency-key", "Idempotency-Key is at most 100 characters");
        }
        NewDemands.checkTexts(s.description(), s.locationText(), s.reporterName());
        Channel channel = s.channel() == null ? Channel.APP : s.channel();
        boolean staff = user.isStaff();
        if (channel.enteredByStaff() && !staff) {
            throw ProblemException.forbidden("only staff enter demands from the " + channel + " channel");
        }
        if (channel == Channel.DEVICE || channel == Channel.OPEN311) {
            // system channels: only the device gateway and the Open311 server set them (the public Open311 feed
            // lists what came in through Open311, so no account may put a demand there)
            throw ProblemException.badRequest("system-channel", "demands of the " + channel
                    + " channel come only through its own interface", Map.of("field", "channel"));
        }
        if (!staff && jdbc.sql("select count(*) from demand where reporter_account_id = ? and submitted_at > ?")
                .params(user.accountId(), Timestamp.from(DemandClock.now().minusSeconds(3600))).query(Long.class).single() >= hourlyLimit) {
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                    "at most " + hourlyLimit + " demands an hour; please wait");
        }

        Long householdId = s.householdId();
        if (householdId == null && s.unitId() == null && s.buildingId() == null && s.lat() == null && !staff) {
            householdId = user.householdId();
        }
        if (householdId != null && !staff && !householdId.equals(user.householdId())) {
            throw ProblemException.forbidden("residents report for their own household, or a building, unit or place");
        }
        DemandLocator.Place place = locator.locate(householdId, s.unitId(), s.buildingId(), s.lat(), s.lon());
        if (staff && !user.covers(place.gridPath())) {
            // a household, unit or building out of reach is answered like one that does not exist
            throw householdId != null ? DemandLocator.unknown("household", householdId)
                    : s.unitId() != null ? DemandLocator.unknown("unit", s.unitId())
                    : s.buildingId() != null ? DemandLocator.unknown("building", s.buildingId())
                    : ProblemException.forbidden("the place lies outside your grids");
        }
        CategoryView category = policies.category(place.communityId(), s.categoryCode());

        Demand d = newDemands.at(place, category, s.description(), s.locationText(), DemandClock.now());
        d.channel = channel;
        d.anonymous = Boolean.TRUE.equals(s.anonymous());
        if (channel.enteredByStaff()) {
            if (s.reporterName() == null || s.reporterName().isBlank()) {
                throw ProblemException.badRequest("reporter-required", "say on whose behalf the demand is entered",
                        Map.of("field", "reporterName"));
            }
            d.reporterName = s.reporterName().strip();
            d.reporterPersonId = s.reporterPersonId();
            d.enteredBy = user.accountId();
        } else {
            d.reporterAccountId = user.accountId();
            d.reporterPersonId = user.personId();
            // a resident who signed up and is not yet linked to a person of the register by a worker
            d.reporterUnverified = !staff && user.has(Role.RESIDENT) && user.personId() == null;
            d.reporterName = user.personId() == null ? user.displayName()
                    : people.person(user.personId()).map(PersonView::name).orElse(user.displayName());
        }
        newDemands.contactPhone(d, s.contactPhone());
        policies.apply(d, category.defaultGrade());
        // the key is a unique column of the demand row: a concurrent duplicate fails on this insert
        d.idempotencyKey = idempotencyKey(user, idempotencyKey);
        deadlines.schedule(d);
        List<DemandView.TimelineEntry> timeline = timelineOf(d, user.displayName());
        demands.save(d, user.accountId(), user.displayName());
        // its micro-grid hears of it from DemandAnnouncer, after the commit
        // the answer is the aggregate as it was written (no assignments yet), not a read of it
        return new Submitted(d.id, true, details.toView(d, user, place.where(), List.of(), timeline));
    }

    /** The steps the next save writes, as the timeline will show them. */
    private static List<DemandView.TimelineEntry> timelineOf(Demand d, String actorName) {
        return d.steps.stream().map(st -> new DemandView.TimelineEntry(st.at(), actorName, st.action(), st.from(), st.to(),
                st.note())).toList();
    }

    /**
     * A device's report (Channel.DEVICE): no reporter account, no triage: accepted at the report's grade
     * and dispatched to its parties (the category's defaults when not given) in one step.
     */
    public long raiseFromDevice(DeviceReport r) {
        if (r.description() == null || r.description().isBlank()) {
            throw ProblemException.badRequest("description-required", "a device report needs a description");
        }
        DemandLocator.Place place = locator.locate(null, r.unitId(), r.buildingId(), null, null);
        CategoryView category = policies.category(place.communityId(), r.categoryCode());
        Instant now = DemandClock.now();
        Demand d = newDemands.at(place, category, r.description(), r.locationText(), now);
        d.channel = Channel.DEVICE;
        d.anonymous = false;
        d.reporterName = r.deviceName() == null ? r.deviceCode() : r.deviceName();
        Grade grade = r.grade() == null ? category.defaultGrade() : r.grade();
        String note = "device " + r.deviceCode();
        d.accept(grade, category.code(), note);
        policies.apply(d, grade);
        if (grade != Grade.DIFFICULT) {
            d.respondedAt = now;
        }
        Set<Party> parties = r.parties() == null || r.parties().isEmpty() ? Set.of(category.defaultParty()) : r.parties();
        d.dispatch(note);
        deadlines.schedule(d);
        demands.save(d, null, note);
        access.addAssignments(d, parties);
        DemandEvents.Audience audience = DemandAudiences.of(d, EnumSet.copyOf(parties));
        events.publishEvent(new DemandEvents.DemandAccepted(audience, grade, d.respondDueAt, d.resolveDueAt));
        events.publishEvent(new DemandEvents.DemandDispatched(audience, parties, note));
        return d.id;
    }

    /** A step in the timeline on behalf of a device; the demand's state and version stay as they are. */
    public void noteFromDevice(long id, String deviceCode, String note) {
        Timestamp at = Timestamp.from(DemandClock.now());
        if (!demands.stepped(id, at, note)) {
            throw ProblemException.notFound("demand", id);
        }
        jdbc.sql("""
                insert into demand_event_log (demand_id, at, actor_id, actor_name, action, from_status, to_status, note)
                select id, ?, null, ?, 'DEVICE_EVENT', status, status, ? from demand where id = ?""")
                .params(at, "device " + deviceCode, note, id).update();
    }

    /**
     * A demand from an integrated client system (Open311): no account reports it, the client's name is
     * the actor of the first step and the reporter's name is what the client sent. The place must lie
     * inside the client's jurisdiction ({@code withinGridPath}).
     */
    public long submitExternal(io.gridwork.demand.DemandApi.ExternalSubmission s) {
        NewDemands.checkTexts(s.description(), s.locationText(), s.reporterName());
        if (s.withinGridPath() == null || s.withinGridPath().isBlank()) {
            throw new IllegalArgumentException("an external submission needs the client's jurisdiction");
        }
        DemandLocator.Place place = locator.locate(s.householdId(), null, s.buildingId(), s.lat(), s.lon());
        if (!place.gridPath().startsWith(s.withinGridPath())) {
            throw ProblemException.badRequest("outside-jurisdiction", "the place lies outside the client's jurisdiction",
                    Map.of("field", "location"));
        }
        CategoryView category = policies.category(place.communityId(), s.categoryCode());
        Demand d = newDemands.at(place, category, s.description(), s.locationText(), DemandClock.now());
        d.channel = s.channel() == null ? Channel.OPEN311 : s.channel();
        d.anonymous = s.anonymous();
        d.reporterName = NewDemands.blankToNull(s.reporterName()) == null ? s.clientName() : s.reporterName().strip();
        newDemands.contactPhone(d, s.contactPhone());
        policies.apply(d, category.defaultGrade());
        deadlines.schedule(d);
        demands.save(d, null, s.clientName());
        return d.id;
    }
}
