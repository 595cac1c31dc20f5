package io.gridwork.demand.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandEvents;
import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.DeviceReport;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonView;
import io.gridwork.people.PhoneNumber;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/** The demand loop's commands: each loads the aggregate, checks who may act, transitions, stores, publishes. */
@Service
@Transactional
public class DemandService {

    /** What a reporter (or staff on their behalf) submits. */
    public record Submission(String categoryCode, String description, Long householdId, Long unitId, Long buildingId,
            Double lat, Double lon, String locationText, String contactPhone, Boolean anonymous, Channel channel,
            String reporterName, Long reporterPersonId) {
    }

    /**
     * The demand, whether this call created it (false when an idempotent retry found it), and the demand as
     * the submitter sees it: built from the aggregate in memory when created, read when found again.
     */
    public record Submitted(long id, boolean created, io.gridwork.demand.DemandView view) {
    }

    private static final DateTimeFormatter REF_DAY = DateTimeFormatter.ofPattern("yyMMdd");
    private static final String REF_CHARS = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private final DemandRepository demands;
    private final DemandPolicies policies;
    private final DemandLocator locator;
    private final Deadlines deadlines;
    private final DemandAudiences audiences;
    private final DemandQueries queries;
    private final PeopleApi people;
    private final PersonalDataCipher cipher;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final int hourlyLimit;
    private final SecureRandom random = new SecureRandom();

    DemandService(DemandRepository demands, DemandPolicies policies, DemandLocator locator, Deadlines deadlines,
            DemandAudiences audiences, DemandQueries queries, PeopleApi people, PersonalDataCipher cipher, JdbcClient jdbc, ApplicationEventPublisher events,
            @Value("${gridwork.demand.hourly-limit-per-account:20}") int hourlyLimit) {
        this.demands = demands;
        this.policies = policies;
        this.locator = locator;
        this.deadlines = deadlines;
        this.audiences = audiences;
        this.queries = queries;
        this.people = people;
        this.cipher = cipher;
        this.jdbc = jdbc;
        this.events = events;
        this.hourlyLimit = hourlyLimit;
    }

    // ---- intake -------------------------------------------------------------------------------

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
        return findByIdempotencyKey(user, key).map(id -> new Submitted(id, false, queries.view(id, user)));
    }

    public Submitted submit(Submission s, GridworkUser user, String idempotencyKey) {
        Optional<Submitted> earlier = replay(user, idempotencyKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (idempotencyKey != null && idempotencyKey.length() > 100) {
            throw ProblemException.badRequest("invalid-idempotency-key", "Idempotency-Key is at most 100 characters");
        }
        if (s.description() == null || s.description().strip().length() < 2) {
            throw ProblemException.badRequest("description-required", "describe the problem (at least 2 characters)",
                    Map.of("field", "description"));
        }
        if (s.description().length() > 4000) {
            throw ProblemException.badRequest("description-too-long", "at most 4000 characters", Map.of("field", "description"));
        }
        bounded(s.locationText(), LOCATION_TEXT_MAX, "locationText");
        bounded(s.reporterName() == null ? null : s.reporterName().strip(), REPORTER_NAME_MAX, "reporterName");
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
                .params(user.accountId(), Timestamp.from(Instant.now().minusSeconds(3600))).query(Long.class).single() >= hourlyLimit) {
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                    "at most " + hourlyLimit + " demands an hour; please wait");
        }

        Long householdId = s.householdId();
        if (householdId == null && s.unitId() == null && s.buildingId() == null && s.lat() == null && !staff) {
            householdId = user.householdId();
        }
        DemandLocator.Place place = locator.locate(householdId, s.unitId(), s.buildingId(), s.lat(), s.lon());
        if (place.householdId() != null && !staff && !place.householdId().equals(user.householdId())) {
            throw ProblemException.forbidden("residents report for their own household, or a building, unit or place");
        }
        if (staff && !user.covers(place.gridPath())) {
            throw ProblemException.forbidden("the place lies outside your grids");
        }
        CategoryView category = policies.category(place.communityId(), s.categoryCode());

        Demand d = newDemandAt(place, category, s.description(), s.locationText(), Demand.now());
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
        if (s.contactPhone() != null && !s.contactPhone().isBlank()) {
            String problem = PhoneNumber.problem(s.contactPhone());
            if (problem != null) {
                throw ProblemException.badRequest("invalid-phone", problem, Map.of("field", "contactPhone"));
            }
            String phone = PhoneNumber.normalize(s.contactPhone());
            d.contactPhoneEnc = cipher.encrypt(phone);
            d.contactPhoneMask = Masking.phone(phone);
        }
        applyPolicy(d, category.defaultGrade());
        // the key is a unique column of the demand row: a concurrent duplicate fails on this insert
        d.idempotencyKey = idempotencyKey(user, idempotencyKey);
        deadlines.schedule(d);
        List<DemandView.TimelineEntry> timeline = timelineOf(d, user.displayName());
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandSubmitted(DemandAudiences.of(d, Set.of()), channel, d.submittedAt));
        // the answer is the aggregate as it was written (no assignments yet), not a read of it
        return new Submitted(d.id, true, queries.toView(d, user, place.where(), List.of(), timeline));
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
        Instant now = Demand.now();
        Demand d = newDemandAt(place, category, r.description(), r.locationText(), now);
        d.channel = Channel.DEVICE;
        d.anonymous = false;
        d.reporterName = r.deviceName() == null ? r.deviceCode() : r.deviceName();
        Grade grade = r.grade() == null ? category.defaultGrade() : r.grade();
        String note = "device " + r.deviceCode();
        d.accept(grade, category.code(), note);
        applyPolicy(d, grade);
        if (grade != Grade.DIFFICULT) {
            d.respondedAt = now;
        }
        Set<Party> parties = r.parties() == null || r.parties().isEmpty() ? Set.of(category.defaultParty()) : r.parties();
        d.dispatch(note);
        deadlines.schedule(d);
        demands.save(d, null, note);
        addAssignments(d, parties);
        DemandEvents.Audience audience = DemandAudiences.of(d, EnumSet.copyOf(parties));
        events.publishEvent(new DemandEvents.DemandSubmitted(audience, Channel.DEVICE, d.submittedAt));
        events.publishEvent(new DemandEvents.DemandAccepted(audience, grade, d.respondDueAt, d.resolveDueAt));
        events.publishEvent(new DemandEvents.DemandDispatched(audience, parties, note));
        return d.id;
    }

    /** A step in the timeline on behalf of a device; the demand's state and version stay as they are. */
    public void noteFromDevice(long id, String deviceCode, String note) {
        int n = jdbc.sql("""
                insert into demand_event_log (demand_id, at, actor_id, actor_name, action, from_status, to_status, note)
                select id, ?, null, ?, 'DEVICE_EVENT', status, status, ? from demand where id = ?""")
                .params(Timestamp.from(Instant.now()), "device " + deviceCode, note, id).update();
        if (n == 0) {
            throw ProblemException.notFound("demand", id);
        }
    }

    /**
     * A demand from an integrated client system (Open311): no account reports it, the client's name is
     * the actor of the first step and the reporter's name is what the client sent. The place must lie
     * inside the client's jurisdiction ({@code withinGridPath}).
     */
    public long submitExternal(io.gridwork.demand.DemandApi.ExternalSubmission s) {
        if (s.description() == null || s.description().strip().length() < 2) {
            throw ProblemException.badRequest("description-required", "describe the problem (at least 2 characters)",
                    Map.of("field", "description"));
        }
        if (s.description().length() > 4000) {
            throw ProblemException.badRequest("description-too-long", "at most 4000 characters", Map.of("field", "description"));
        }
        bounded(s.locationText(), LOCATION_TEXT_MAX, "locationText");
        bounded(s.reporterName() == null ? null : s.reporterName().strip(), REPORTER_NAME_MAX, "reporterName");
        if (s.withinGridPath() == null || s.withinGridPath().isBlank()) {
            throw new IllegalArgumentException("an external submission needs the client's jurisdiction");
        }
        DemandLocator.Place place = locator.locate(s.householdId(), null, s.buildingId(), s.lat(), s.lon());
        if (!place.gridPath().startsWith(s.withinGridPath())) {
            throw ProblemException.badRequest("outside-jurisdiction", "the place lies outside the client's jurisdiction",
                    Map.of("field", "location"));
        }
        CategoryView category = policies.category(place.communityId(), s.categoryCode());
        Demand d = newDemandAt(place, category, s.description(), s.locationText(), Demand.now());
        d.channel = s.channel() == null ? Channel.OPEN311 : s.channel();
        d.anonymous = s.anonymous();
        d.reporterName = blankToNull(s.reporterName()) == null ? s.clientName() : s.reporterName().strip();
        if (s.contactPhone() != null && !s.contactPhone().isBlank()) {
            String problem = PhoneNumber.problem(s.contactPhone());
            if (problem != null) {
                throw ProblemException.badRequest("invalid-phone", problem, Map.of("field", "contactPhone"));
            }
            String phone = PhoneNumber.normalize(s.contactPhone());
            d.contactPhoneEnc = cipher.encrypt(phone);
            d.contactPhoneMask = Masking.phone(phone);
        }
        applyPolicy(d, category.defaultGrade());
        deadlines.schedule(d);
        demands.save(d, null, s.clientName());
        events.publishEvent(new DemandEvents.DemandSubmitted(DemandAudiences.of(d, Set.of()), d.channel, d.submittedAt));
        return d.id;
    }

    /** A new demand (state SUBMITTED, a fresh reference number) at a located place, in a category. */
    /** Longest place text and reporter name the demand table holds (location_text, reporter_name). */
    static final int LOCATION_TEXT_MAX = 300;
    static final int REPORTER_NAME_MAX = 100;

    /** A text longer than its column is refused with 400 {@code text-too-long} (nothing is stored). */
    private static void bounded(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw ProblemException.badRequest("text-too-long", field + " is at most " + max + " characters",
                    Map.of("field", field, "max", max));
        }
    }

    private Demand newDemandAt(DemandLocator.Place place, CategoryView category, String description, String locationText,
            Instant at) {
        Demand d = Demand.submitted(at);
        d.refNo = newRefNo();
        d.communityId = place.communityId();
        d.compoundId = place.compoundId();
        d.microGridId = place.microGridId();
        d.gridPath = place.gridPath();
        d.householdId = place.householdId();
        d.unitId = place.unitId();
        d.buildingId = place.buildingId();
        d.lat = place.lat();
        d.lon = place.lon();
        d.locationText = blankToNull(locationText);
        d.categoryCode = category.code();
        d.description = description.strip();
        return d;
    }

    /** Time limits from submission for the grade; the difficult grade waits for the handler's deadline. */
    private void applyPolicy(Demand d, Grade grade) {
        DemandPolicies.Policy p = policies.policy(d.communityId, d.categoryCode, grade);
        BusinessClock clock = policies.clock();
        d.clock = p.clock();
        d.respondDueAt = clock.plus(d.submittedAt, p.respondMinutes(), p.clock());
        d.respondYellowAt = clock.plus(d.submittedAt, Math.round(p.respondMinutes() * 0.8), p.clock());
        if (!d.deadlineBinding) {
            if (p.resolveMinutes() == null) {
                d.resolveDueAt = null;
                d.resolveYellowAt = null;
            } else {
                d.resolveDueAt = clock.plus(d.submittedAt, p.resolveMinutes(), p.clock());
                d.resolveYellowAt = clock.plus(d.submittedAt, Math.round(p.resolveMinutes() * 0.8), p.clock());
            }
        }
    }

    private String newRefNo() {
        StringBuilder b = new StringBuilder("GW").append(LocalDate.now(BusinessClock.ZONE).format(REF_DAY)).append('-');
        for (int i = 0; i < 6; i++) {
            b.append(REF_CHARS.charAt(random.nextInt(REF_CHARS.length())));
        }
        return b.toString();
    }

    // ---- triage ---------------------------------------------------------------------------------

    public void accept(long id, Grade grade, String categoryCode, String note, GridworkUser user) {
        Demand d = demands.require(id);
        requireGridStaff(d, user);
        if (grade == null) {
            throw ProblemException.badRequest("grade-required", "grade the demand: GENERAL, MEDIUM or DIFFICULT", Map.of("field", "grade"));
        }
        CategoryView category = policies.category(d.communityId, categoryCode == null ? d.categoryCode : categoryCode);
        d.accept(grade, category.code(), note);
        applyPolicy(d, grade);
        if (grade != Grade.DIFFICULT) {
            d.respondedAt = Instant.now();
        }
        deadlines.schedule(d);
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandAccepted(audience(d), grade, d.respondDueAt, d.resolveDueAt));
    }

    public void reject(long id, String reason, GridworkUser user) {
        Demand d = demands.require(id);
        requireGridStaff(d, user);
        d.reject(reason, null);
        d.respondedAt = d.respondedAt == null ? Instant.now() : d.respondedAt;
        deadlines.cancel(d);
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandRejected(audience(d), reason, null));
    }

    /** Merges a duplicate into another open demand: both stay linked and both reporters hear. */
    public void merge(long id, long intoId, String note, GridworkUser user) {
        if (id == intoId) {
            throw ProblemException.badRequest("same-demand", "a demand cannot be merged into itself");
        }
        Demand d = demands.require(id);
        Demand target = demands.require(intoId);
        requireGridStaff(d, user);
        requireGridStaff(target, user);
        if (!target.status.isOpen() || target.mergedIntoId != null) {
            throw ProblemException.conflict("target-closed", "merge into an open demand");
        }
        d.reject(note == null || note.isBlank() ? "duplicate of " + target.refNo : note, target.id);
        target.note("MERGED_FROM", d.refNo);
        deadlines.cancel(d);
        demands.save(d, user.accountId(), user.displayName());
        demands.save(target, user.accountId(), user.displayName());
        jdbc.sql("insert into demand_link (demand_id, linked_id, kind) values (?, ?, 'DUPLICATE')").params(d.id, target.id).update();
        events.publishEvent(new DemandEvents.DemandRejected(audience(d), "duplicate", target.id));
        events.publishEvent(new DemandEvents.DemandDispatched(audience(target), Set.of(), "merged " + d.refNo));
    }

    /** Dispatches to one or more parties, each with its own assignment. */
    public void dispatch(long id, Set<Party> parties, String note, GridworkUser user) {
        Demand d = demands.require(id);
        requireGridStaff(d, user);
        Set<Party> chosen = parties == null || parties.isEmpty()
                ? Set.of(policies.category(d.communityId, d.categoryCode).defaultParty()) : parties;
        d.dispatch(note);
        demands.save(d, user.accountId(), user.displayName());
        addAssignments(d, chosen);
        events.publishEvent(new DemandEvents.DemandDispatched(audience(d), chosen, note));
    }

    /** Adds parties and withdraws others, with a reason; history stays in the timeline. */
    public void reroute(long id, Set<Party> add, Set<Party> withdraw, String reason, GridworkUser user) {
        Demand d = demands.require(id);
        requireGridStaff(d, user);
        Set<Party> adding = add == null ? Set.of() : add;
        Set<Party> removing = withdraw == null ? Set.of() : withdraw;
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("reason-required", "re-routing needs a reason", Map.of("field", "reason"));
        }
        if (adding.isEmpty() && removing.isEmpty()) {
            throw ProblemException.badRequest("nothing-to-change", "name parties to add or withdraw");
        }
        Set<Party> current = openParties(d.id);
        if (!current.containsAll(removing)) {
            throw ProblemException.badRequest("not-assigned", "only parties with an open assignment can be withdrawn");
        }
        Set<Party> remaining = EnumSet.noneOf(Party.class);
        remaining.addAll(current);
        remaining.removeAll(removing);
        remaining.addAll(adding);
        if (remaining.isEmpty()) {
            throw ProblemException.badRequest("no-party-left", "at least one party must stay responsible");
        }
        d.reroute(describe(adding, removing) + ": " + reason);
        demands.save(d, user.accountId(), user.displayName());
        for (Party p : removing) {
            jdbc.sql("update demand_assignment set status = 'WITHDRAWN', withdrawn_reason = ? where demand_id = ? and party = ? and status in ('OPEN','IN_PROGRESS')")
                    .params(reason, d.id, p.name()).update();
        }
        Set<Party> fresh = EnumSet.noneOf(Party.class);
        fresh.addAll(adding);
        fresh.removeAll(current);
        addAssignments(d, fresh);
        events.publishEvent(new DemandEvents.DemandDispatched(audience(d), fresh, reason));
    }

    private static String describe(Set<Party> add, Set<Party> withdraw) {
        return "+" + add + " -" + withdraw;
    }

    private void addAssignments(Demand d, Set<Party> parties) {
        Timestamp now = Timestamp.from(Instant.now());
        for (Party p : parties) {
            jdbc.sql("insert into demand_assignment (demand_id, party, party_grid_id, status, created_at) values (?, ?, ?, 'OPEN', ?)")
                    .params(d.id, p.name(), d.compoundId, now).update();
        }
    }

    // ---- handling ------------------------------------------------------------------------------

    public void startAssignment(long id, long assignmentId, String note, GridworkUser user) {
        Demand d = demands.require(id);
        Party party = assignmentParty(d.id, assignmentId);
        requireParty(d, party, user);
        int n = jdbc.sql("update demand_assignment set status = 'IN_PROGRESS', started_at = coalesce(started_at, ?), note = coalesce(?, note) where id = ? and status in ('OPEN','IN_PROGRESS')")
                .params(Timestamp.from(Instant.now()), note, assignmentId).update();
        if (n == 0) {
            throw ProblemException.conflict("assignment-closed", "this assignment is already done or withdrawn");
        }
        d.start("[" + party + "] " + (note == null ? "" : note));
        demands.save(d, user.accountId(), user.displayName());
    }

    /** The handler's measures and deadline for a difficult demand; told to the resident, then binding. */
    public void plan(long id, String measures, Instant deadline, GridworkUser user) {
        Demand d = demands.require(id);
        requireHandler(d, user);
        d.plan(measures, deadline, Instant.now());
        d.resolveDueAt = deadline;
        long window = java.time.Duration.between(d.submittedAt, deadline).toMinutes();
        d.resolveYellowAt = d.submittedAt.plusSeconds(Math.round(window * 0.8) * 60);
        if (d.respondedAt == null) {
            d.respondedAt = Instant.now();
        }
        deadlines.schedule(d);
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandPlanned(audience(d), d.measures, deadline));
    }

    public void completeAssignment(long id, long assignmentId, String note, GridworkUser user) {
        Demand d = demands.require(id);
        Party party = assignmentParty(d.id, assignmentId);
        requireParty(d, party, user);
        int n = jdbc.sql("update demand_assignment set status = 'DONE', done_at = ?, measures = coalesce(?, measures) where id = ? and status in ('OPEN','IN_PROGRESS')")
                .params(Timestamp.from(Instant.now()), note, assignmentId).update();
        if (n == 0) {
            throw ProblemException.conflict("assignment-closed", "this assignment is already done or withdrawn");
        }
        if (openParties(d.id).isEmpty()) {
            d.resolve("[" + party + "] " + (note == null ? "" : note), Instant.now());
            deadlines.cancel(d);
            demands.save(d, user.accountId(), user.displayName());
            events.publishEvent(new DemandEvents.DemandResolved(audience(d), false, d.resolvedAt));
        } else {
            d.note("PARTY_DONE", "[" + party + "] " + (note == null ? "" : note));
            demands.save(d, user.accountId(), user.displayName());
        }
    }

    /** 自办自结: the worker solved it on the spot. */
    public void resolveOnSpot(long id, String note, GridworkUser user) {
        Demand d = demands.require(id);
        requireGridStaff(d, user);
        d.resolveOnSpot(policies.category(d.communityId, d.categoryCode).defaultGrade(), note, Instant.now());
        if (d.respondedAt == null) {
            d.respondedAt = d.resolvedAt;
        }
        deadlines.cancel(d);
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandResolved(audience(d), true, d.resolvedAt));
    }

    public void hold(long id, String reason, GridworkUser user) {
        Demand d = demands.require(id);
        requireHandler(d, user);
        d.hold(reason, Instant.now());
        deadlines.cancel(d);
        demands.save(d, user.accountId(), user.displayName());
    }

    /** Resumes the clock: the running limits move by the time spent on hold. */
    public void resume(long id, String note, GridworkUser user) {
        Demand d = demands.require(id);
        requireHandler(d, user);
        Instant started = d.holdStartedAt;
        d.resume(note);
        BusinessClock clock = policies.clock();
        long held = clock.minutesBetween(started, Instant.now(), d.clock);
        d.respondYellowAt = shift(clock, d.respondYellowAt, held, d);
        d.respondDueAt = shift(clock, d.respondDueAt, held, d);
        d.resolveYellowAt = shift(clock, d.resolveYellowAt, held, d);
        d.resolveDueAt = shift(clock, d.resolveDueAt, held, d);
        deadlines.schedule(d);
        demands.save(d, user.accountId(), user.displayName());
    }

    private static Instant shift(BusinessClock clock, Instant at, long minutes, Demand d) {
        return at == null ? null : clock.plus(at, minutes, d.clock);
    }

    // ---- closing the loop ------------------------------------------------------------------------

    /** A worker verifies the result and closes (the resident may still reopen). */
    public void verify(long id, String note, GridworkUser user) {
        Demand d = demands.require(id);
        requireGridStaff(d, user);
        d.close(false, note, Instant.now());
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandClosed(audience(d), false, d.closedAt));
    }

    public void confirm(long id, String note, GridworkUser user) {
        Demand d = demands.require(id);
        requireReporter(d, user);
        d.close(true, note, Instant.now());
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandClosed(audience(d), true, d.closedAt));
    }

    /** Not fixed: back to work, with the resident's comment; the resolve limit runs again from now. */
    public void reopen(long id, String comment, GridworkUser user) {
        Demand d = demands.require(id);
        requireReporter(d, user);
        d.reopen(comment);
        if (d.grade != null) {
            DemandPolicies.Policy p = policies.policy(d.communityId, d.categoryCode, d.grade);
            Integer minutes = p.resolveMinutes() != null ? p.resolveMinutes() : 1440;
            Instant now = Instant.now();
            d.resolveDueAt = policies.clock().plus(now, minutes, d.clock);
            d.resolveYellowAt = policies.clock().plus(now, Math.round(minutes * 0.8), d.clock);
        }
        deadlines.schedule(d);
        demands.save(d, user.accountId(), user.displayName());
        jdbc.sql("update demand_assignment set status = 'OPEN', done_at = null where demand_id = ? and status = 'DONE'").param(d.id).update();
        events.publishEvent(new DemandEvents.DemandReopened(audience(d), comment));
    }

    public void rate(long id, int stars, String comment, GridworkUser user) {
        Demand d = demands.require(id);
        requireReporter(d, user);
        d.rate(stars, comment, Instant.now());
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandRated(audience(d), stars));
    }

    // ---- supervision ---------------------------------------------------------------------------

    public void supervise(long id, String note, GridworkUser user) {
        Demand d = demands.require(id);
        if (!(user.has(Role.COMMUNITY_STAFF) || user.has(Role.STREET_STAFF) || user.isAdmin()) || !user.covers(d.gridPath)) {
            throw ProblemException.forbidden("supervision notices come from community or street staff of the demand's grid");
        }
        d.supervise(user.displayName(), note);
        demands.save(d, user.accountId(), user.displayName());
        events.publishEvent(new DemandEvents.DemandSupervised(audience(d), user.displayName(), note));
    }

    // ---- who may act -----------------------------------------------------------------------------

    private static final Set<Role> GRID_STAFF = EnumSet.of(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER,
            Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);

    static boolean isGridStaff(GridworkUser user) {
        return user.roles().stream().anyMatch(GRID_STAFF::contains);
    }

    private static void requireGridStaff(Demand d, GridworkUser user) {
        if (!isGridStaff(user) || !user.covers(d.gridPath)) {
            throw ProblemException.forbidden("only grid staff of the demand's grid may do this");
        }
    }

    /** Grid staff, or a party with an open assignment on the demand. */
    private void requireHandler(Demand d, GridworkUser user) {
        if (isGridStaff(user) && user.covers(d.gridPath)) {
            return;
        }
        for (Party p : openParties(d.id)) {
            if (mayActFor(p, user) && user.covers(d.gridPath)) {
                return;
            }
        }
        throw ProblemException.forbidden("only the demand's handlers may do this");
    }

    private static void requireParty(Demand d, Party party, GridworkUser user) {
        if (!mayActFor(party, user) || !user.covers(d.gridPath)) {
            throw ProblemException.forbidden("only " + party + " (or grid staff on its behalf) may act on this assignment");
        }
    }

    /**
     * Which roles act for a party: each party's own role (property staff, owners committee, party branch,
     * police, doctors, lawyers, social workers, departments) for itself; admins for all; grid staff for the
     * grid, the community and, on their behalf, the service team and departments.
     */
    static boolean mayActFor(Party party, GridworkUser user) {
        if (user.isAdmin() || (party.handlerRole() != null && user.has(party.handlerRole()))) {
            return true;
        }
        return party.gridStaffActFor() && isGridStaff(user);
    }

    private static void requireReporter(Demand d, GridworkUser user) {
        if (d.reporterAccountId == null || d.reporterAccountId != user.accountId()) {
            throw ProblemException.forbidden("only the resident who reported it may do this");
        }
    }

    private Party assignmentParty(long demandId, long assignmentId) {
        return jdbc.sql("select party from demand_assignment where id = ? and demand_id = ?").params(assignmentId, demandId)
                .query(String.class).optional().map(Party::valueOf)
                .orElseThrow(() -> ProblemException.notFound("assignment", assignmentId));
    }

    Set<Party> openParties(long demandId) {
        return jdbc.sql("select party from demand_assignment where demand_id = ? and status in ('OPEN','IN_PROGRESS')")
                .param(demandId).query(String.class).list().stream().map(Party::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Party.class)));
    }

    DemandEvents.Audience audience(Demand d) {
        return audiences.of(d);
    }

    static List<DemandStatus> openStatuses() {
        return List.of(DemandStatus.SUBMITTED, DemandStatus.ACCEPTED, DemandStatus.DISPATCHED, DemandStatus.IN_PROGRESS,
                DemandStatus.REOPENED);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
