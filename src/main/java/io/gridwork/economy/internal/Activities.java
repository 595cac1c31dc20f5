package io.gridwork.economy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

import io.gridwork.access.AccountApi;
import io.gridwork.economy.EconomyEvents;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Activities (志愿活动, 社区活动) of a community or one of its grids: organisers (the community's staff, grid staff
 * of the grid) publish them; residents of the grid sign up, per person or per household naming who comes, within
 * the capacity (persons or households) or else on the waiting list, which is promoted in order as sign-ups are
 * cancelled; the organiser checks people in and out, verifies their attendance and credits the points of the
 * activity's rule — once per attendance, through the same earning as volunteering records
 * ({@link Volunteering#earn}, source {@code ACTIVITY_ATTENDANCE}).
 * <p>
 * <b>Capacity.</b> {@code economy_activity.taken} is the capacity confirmed sign-ups hold. A sign-up inserts its
 * row first (the unique active key refuses a second sign-up of the same person or household, also when two race),
 * then takes its seats with {@code update … set taken = taken + n where taken + n <= capacity}: the row lock orders
 * concurrent sign-ups and the second re-checks, so the capacity is never exceeded; when it does not fit, the sign-up
 * waits. A cancellation gives its seats back and promotes the waiting sign-ups that fit, oldest first, in the same
 * transaction (holding the activity's row lock).
 */
@Service
public class Activities {

    public enum Kind { FESTIVAL, TOURNAMENT, GARBAGE_SORTING, TRAFFIC_SAFETY, RAINY_SEASON_PATROL, OTHER }

    /** Who signs up (one person, or a household naming its members) and what the capacity counts. */
    public enum Unit { PERSON, HOUSEHOLD }

    public enum SignupStatus { CONFIRMED, WAITLISTED, CANCELLED }

    public enum AttendanceStatus { EXPECTED, CHECKED_IN, CHECKED_OUT, VERIFIED, CREDITED }

    static final String SOURCE = "ACTIVITY_ATTENDANCE";

    /** Check-in opens this long before the start. */
    static final Duration CHECK_IN_EARLY = Duration.ofHours(1);

    /** What an organiser publishes; {@code gridId} null: the whole community. */
    public record NewActivity(Long gridId, Kind kind, String title, String place, String description, Instant startsAt,
            Instant endsAt, Integer capacity, Unit signupUnit, Unit capacityUnit, Long ruleId) {
    }

    public record Activity(long id, long communityId, long gridId, String gridName, String gridPath, Kind kind, String title,
            String place, String description, Instant startsAt, Instant endsAt, Unit signupUnit, Unit capacityUnit, int capacity,
            int taken, Long ruleId, String ruleName, Rules.Unit ruleUnit, Integer rulePoints, String createdByName,
            Instant createdAt, Instant updatedAt, String updatedByName, Instant cancelledAt, String cancelledByName,
            String cancelReason) {

        public boolean full() {
            return taken >= capacity;
        }

        public boolean cancelled() {
            return cancelledAt != null;
        }

        public boolean ended(Instant now) {
            return !endsAt.isAfter(now);
        }

        public boolean started(Instant now) {
            return !now.isBefore(startsAt);
        }
    }

    /** A sign-up with the persons it names; {@code waitPosition} 1-based on the waiting list, else null. */
    public record Signup(long id, long activityId, Long householdId, long personId, String personName, int seats,
            SignupStatus status, Instant createdAt, Instant promotedAt, Instant cancelledAt, Integer waitPosition,
            List<Attendance> attendance) {
    }

    public record Attendance(long id, long activityId, long signupId, long personId, String personName, AttendanceStatus status,
            Instant checkedInAt, String checkedInByName, Instant checkedOutAt, String checkedOutByName, Integer minutes, Long points,
            String verifiedByName, Instant verifiedAt, Long postingId) {
    }

    /** An activity as a resident sees it: with their own (or their household's) active sign-up, if any. */
    public record ForResident(Activity activity, Signup mine, boolean ended) {
    }

    /** An activity with its sign-ups (confirmed first, then the waiting list in order), for its organiser. */
    public record ForOrganiser(Activity activity, List<Signup> signups) {
    }

    private final JdbcClient jdbc;
    private final Communities communities;
    private final Rules rules;
    private final Ledger ledger;
    private final Volunteering volunteering;
    private final GridApi grid;
    private final PeopleApi people;
    private final Atomically atomically;
    private final AccountApi accounts;
    private final ApplicationEventPublisher events;

    Activities(JdbcClient jdbc, Communities communities, Rules rules, Ledger ledger, Volunteering volunteering, GridApi grid,
            PeopleApi people, Atomically atomically, AccountApi accounts, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.events = events;
        this.jdbc = jdbc;
        this.communities = communities;
        this.rules = rules;
        this.ledger = ledger;
        this.volunteering = volunteering;
        this.grid = grid;
        this.people = people;
        this.atomically = atomically;
    }

    // ---- organising -----------------------------------------------------------------------------

    public Activity create(long communityId, NewActivity in, GridworkUser user) {
        return create(communityId, in, Instant.now(), user);
    }

    /** Publishes an activity as of {@code now} (the demo records a past one). */
    public Activity create(long communityId, NewActivity in, Instant now, GridworkUser user) {
        GridNode community = communities.community(communityId);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the activity as JSON");
        }
        GridNode target = community;
        if (in.gridId() != null && in.gridId() != community.id()) {
            target = grid.node(in.gridId()).filter(n -> !n.retired() && n.path().startsWith(community.path()))
                    .orElseThrow(() -> ProblemException.badRequest("unknown-grid", "grid " + in.gridId() + " is not a grid of "
                            + community.name(), Map.of("field", "gridId")));
        }
        if (!user.covers(target.path())) {
            throw ProblemException.forbidden(target.name() + " lies outside your grids");
        }
        Kind kind = Checks.require(in.kind(), "kind");
        String title = Checks.text(in.title(), "title", 100, true);
        String place = Checks.text(in.place(), "place", 200, true);
        String description = Checks.text(in.description(), "description", 1000, false);
        Instant starts = Checks.require(in.startsAt(), "startsAt");
        Instant ends = Checks.require(in.endsAt(), "endsAt");
        if (!starts.isAfter(now)) {
            throw ProblemException.badRequest("starts-in-past", "an activity is published before it starts",
                    Map.of("field", "startsAt"));
        }
        if (!ends.isAfter(starts) || Duration.between(starts, ends).toDays() >= 7) {
            throw ProblemException.badRequest("invalid-times", "an activity ends after it starts, within a week",
                    Map.of("field", "endsAt"));
        }
        int capacity = Checks.require(in.capacity(), "capacity");
        if (capacity < 1 || capacity > 10_000) {
            throw ProblemException.badRequest("invalid-capacity", "1 ≤ capacity ≤ 10000", Map.of("field", "capacity"));
        }
        Unit signupUnit = in.signupUnit() == null ? Unit.PERSON : in.signupUnit();
        Unit capacityUnit = in.capacityUnit() == null ? Unit.PERSON : in.capacityUnit();
        if (signupUnit == Unit.PERSON && capacityUnit == Unit.HOUSEHOLD) {
            throw ProblemException.badRequest("invalid-capacity-unit", "a sign-up per person counts persons",
                    Map.of("field", "capacityUnit"));
        }
        Long ruleId = in.ruleId();
        if (ruleId != null) {
            Rules.EarnRule rule = rules.earnRule(ruleId).filter(r -> r.communityId() == community.id())
                    .orElseThrow(() -> ProblemException.badRequest("unknown-rule", "rule " + ruleId + " is not a rule of "
                            + community.name(), Map.of("field", "ruleId")));
            if (rule.retired()) {
                throw ProblemException.conflict("rule-retired", "the rule " + rule.name() + " is retired");
            }
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into economy_activity (community_id, grid_id, grid_path, kind, title, place, description, starts_at, ends_at,
                    signup_unit, capacity_unit, capacity, taken, rule_id, created_by_id, created_by_name, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)""")
                .params(community.id(), target.id(), target.path(), kind.name(), title, place, description,
                        Checks.timestamp(starts), Checks.timestamp(ends), signupUnit.name(), capacityUnit.name(), capacity, ruleId,
                        user.accountId(), user.displayName(), Checks.timestamp(now))
                .update(keys, "id");
        return find(keys.getKey().longValue()).orElseThrow();
    }

    /** The activity, which the organiser's grids must cover (404 otherwise, as if it did not exist). */
    public Activity forOrganiser(long id, GridworkUser user) {
        Activity a = find(id).orElseThrow(() -> ProblemException.notFound("activity", id));
        if (!user.covers(a.gridPath())) {
            throw ProblemException.outOfReach("activity", id);
        }
        return a;
    }

    public ForOrganiser withSignups(long id, GridworkUser user) {
        Activity a = forOrganiser(id, user);
        return new ForOrganiser(a, signups(a.id()));
    }

    /** What an organiser changes of an activity: every field is sent (an empty description clears it). */
    public record ActivityChange(String title, String place, String description, Instant startsAt, Instant endsAt,
            Integer capacity) {
    }

    public Activity edit(long id, ActivityChange in, GridworkUser user) {
        return edit(id, in, Instant.now(), user);
    }

    /**
     * Changes an activity's title, place, description, times and capacity as of {@code now}, under its row lock (so no
     * sign-up slips in between the check and the change). Refused: a cancelled activity (409 {@code activity-cancelled}),
     * a finished one ({@code activity-ended}), moving the start of one that has begun ({@code activity-running}), a
     * capacity below the seats confirmed sign-ups hold ({@code capacity-below-signups}), and the checks of publishing
     * (400). A raised capacity confirms waiting sign-ups that now fit; a new time or place is sent to the signed-up.
     */
    public Activity edit(long id, ActivityChange in, Instant now, GridworkUser user) {
        forOrganiser(id, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the activity's fields as JSON");
        }
        String title = Checks.text(in.title(), "title", 100, true);
        String place = Checks.text(in.place(), "place", 200, true);
        String description = Checks.text(in.description(), "description", 1000, false);
        Instant starts = Checks.require(in.startsAt(), "startsAt");
        Instant ends = Checks.require(in.endsAt(), "endsAt");
        int capacity = Checks.require(in.capacity(), "capacity");
        if (capacity < 1 || capacity > 10_000) {
            throw ProblemException.badRequest("invalid-capacity", "1 ≤ capacity ≤ 10000", Map.of("field", "capacity"));
        }
        if (!ends.isAfter(starts) || Duration.between(starts, ends).toDays() >= 7) {
            throw ProblemException.badRequest("invalid-times", "an activity ends after it starts, within a week",
                    Map.of("field", "endsAt"));
        }
        return atomically.run(() -> {
            Activity a = locked(id);
            stillOpen(a, now, "a finished activity is not changed");
            if (!starts.equals(a.startsAt())) {
                if (a.started(now)) {
                    throw ProblemException.conflict("activity-running", "the start of an activity that has begun stays");
                }
                if (!starts.isAfter(now)) {
                    throw ProblemException.badRequest("starts-in-past", "an activity starts after now", Map.of("field", "startsAt"));
                }
            }
            if (!ends.isAfter(now)) {
                throw ProblemException.badRequest("ends-in-past", "an activity ends after now", Map.of("field", "endsAt"));
            }
            if (capacity < a.taken()) {
                throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "capacity-below-signups",
                        a.taken() + " are signed up: the capacity is at least that", Map.of("field", "capacity", "taken", a.taken()));
            }
            jdbc.sql("""
                    update economy_activity set title = ?, place = ?, description = ?, starts_at = ?, ends_at = ?, capacity = ?,
                        updated_at = ?, updated_by_name = ? where id = ?""")
                    .params(title, place, description, Checks.timestamp(starts), Checks.timestamp(ends), capacity,
                            Checks.timestamp(now), user.displayName(), id)
                    .update();
            if (capacity > a.capacity()) {
                promote(id, now);
            }
            if (!starts.equals(a.startsAt()) || !ends.equals(a.endsAt()) || !place.equals(a.place())) {
                List<Long> to = signedUpAccounts(id);
                if (!to.isEmpty()) {
                    events.publishEvent(new EconomyEvents.ActivityMoved(id, title, starts, ends, place, now.toEpochMilli(), to));
                }
            }
            return find(id).orElseThrow();
        });
    }

    public Activity cancelActivity(long id, String reason, GridworkUser user) {
        return cancelActivity(id, reason, Instant.now(), user);
    }

    /**
     * Cancels an activity with a reason, as of {@code now}: its sign-ups stay (the signed-up read why), nobody can sign
     * up, check in or be credited any more, and everyone its active sign-ups name gets an inbox notice. Refused: one
     * cancelled already (409 {@code activity-cancelled}), a finished one ({@code activity-ended}), one whose points were
     * credited to someone already ({@code activity-credited}: reverse those first); a missing reason (400).
     */
    public Activity cancelActivity(long id, String reason, Instant now, GridworkUser user) {
        forOrganiser(id, user);
        String why = Checks.text(reason, "reason", 500, true);
        return atomically.run(() -> {
            Activity a = locked(id);
            stillOpen(a, now, "a finished activity is not cancelled");
            if (jdbc.sql("select count(*) from economy_activity_attendance where activity_id = ? and status = 'CREDITED'")
                    .param(id).query(Long.class).single() > 0) {
                throw ProblemException.conflict("activity-credited", "points were credited for this activity already");
            }
            jdbc.sql("""
                    update economy_activity set cancelled_at = ?, cancelled_by_name = ?, cancel_reason = ?
                     where id = ? and cancelled_at is null""")
                    .params(Checks.timestamp(now), user.displayName(), why, id).update();
            List<Long> to = signedUpAccounts(id);
            if (!to.isEmpty()) {
                events.publishEvent(new EconomyEvents.ActivityCancelled(id, a.title(), a.startsAt(), a.place(), why, to));
            }
            return find(id).orElseThrow();
        });
    }

    /** The activity read under its row lock (sign-ups and cancellations of sign-ups take the same lock). */
    private Activity locked(long id) {
        jdbc.sql("select id from economy_activity where id = ? for update").param(id).query(Long.class).single();
        return find(id).orElseThrow();
    }

    private static void stillOpen(Activity a, Instant now, String endedDetail) {
        if (a.cancelled()) {
            throw ProblemException.conflict("activity-cancelled", "the activity was cancelled");
        }
        if (a.ended(now)) {
            throw ProblemException.conflict("activity-ended", endedDetail);
        }
    }

    private static void notCancelled(Activity a) {
        if (a.cancelled()) {
            throw ProblemException.conflict("activity-cancelled", "the activity was cancelled");
        }
    }

    /** The accounts of everyone the activity's active sign-ups name (confirmed and waiting), and of who signed up. */
    private List<Long> signedUpAccounts(long activityId) {
        List<Long> persons = jdbc.sql("""
                select t.person_id from economy_activity_attendance t join economy_activity_signup s on s.id = t.signup_id
                 where t.activity_id = ? and s.status <> 'CANCELLED'
                union
                select s.person_id from economy_activity_signup s where s.activity_id = ? and s.status <> 'CANCELLED'""")
                .params(activityId, activityId).query(Long.class).list();
        if (persons.isEmpty()) {
            return List.of();
        }
        return accounts.accountsOfPersons(persons).values().stream().flatMap(List::stream).distinct().sorted().toList();
    }

    /** The activities of a community within the organiser's grids: upcoming and running first, then the recent past. */
    public List<Activity> ofCommunity(long communityId, int limit, GridworkUser user) {
        GridNode community = communities.community(communityId);
        if (!user.isStaff()) {
            throw ProblemException.forbidden("organisers only");
        }
        List<Activity> all = jdbc.sql(SELECT + " where a.community_id = ? order by a.starts_at desc, a.id desc limit ?")
                .params(community.id(), Math.max(1, Math.min(limit, 500))).query(Activities::activity).list();
        return all.stream().filter(a -> user.covers(a.gridPath())).toList();
    }

    /** The activities within the organiser's grids, newest start first. */
    public List<Activity> inScope(GridworkUser user, int limit) {
        List<Activity> out = new ArrayList<>();
        for (String scope : user.scopePaths()) {
            out.addAll(jdbc.sql(SELECT + " where a.grid_path like ? order by a.starts_at desc, a.id desc limit ?")
                    .params(scope + "%", Math.max(1, Math.min(limit, 500))).query(Activities::activity).list());
        }
        return out.stream().distinct().sorted((x, y) -> y.startsAt().compareTo(x.startsAt())).limit(limit).toList();
    }

    /** The grids an organiser may publish an activity for: the communities in their scope and the micro-grids under them. */
    public List<GridNode> gridsToOrganise(GridworkUser user) {
        Set<GridNode> out = new LinkedHashSet<>();
        for (String scope : user.scopePaths()) {
            GridNode top = scope.equals("/") ? null : grid.topsOf(List.of(scope)).stream().findFirst().orElse(null);
            if (top != null && (top.level() == GridLevel.MICRO || top.level() == GridLevel.COMPOUND
                    || top.level() == GridLevel.SPECIAL)) {
                out.add(top);
                if (top.level() != GridLevel.MICRO) {
                    out.addAll(grid.nodesUnder(top.path(), GridLevel.MICRO, null, 100));
                }
            }
        }
        for (GridNode c : communities.inScope(user, null)) {
            if (out.size() > 200) {
                break;
            }
            out.add(c);
            out.addAll(grid.nodesUnder(c.path(), GridLevel.MICRO, null, 100));
        }
        return out.stream().filter(n -> !n.retired()).limit(200).toList();
    }

    /** The community a grid lies in. */
    public Optional<GridNode> communityOf(long gridId) {
        return grid.lineage(gridId).stream().filter(n -> n.level() == GridLevel.COMMUNITY).findFirst();
    }

    // ---- residents ------------------------------------------------------------------------------

    /** Where the resident lives in the grid (their household's micro-grid, or its compound), or empty. */
    private Optional<HouseholdView> home(GridworkUser user) {
        if (user.personId() == null || user.householdId() == null) {
            return Optional.empty();
        }
        return grid.household(user.householdId());
    }

    private static String placePath(HouseholdView h, GridApi grid) {
        return h.microGridPath() != null ? h.microGridPath()
                : grid.node(h.compoundId()).map(GridNode::path).orElse("/-/");
    }

    /** The activity as the resident may see it: one of their grid (404 otherwise, as if it did not exist). */
    public ForResident forResident(long id, GridworkUser user) {
        Activity a = find(id).orElseThrow(() -> ProblemException.notFound("activity", id));
        HouseholdView h = home(user).orElseThrow(() -> ProblemException.outOfReach("activity", id));
        if (!placePath(h, grid).startsWith(a.gridPath())) {
            throw ProblemException.outOfReach("activity", id);
        }
        return new ForResident(a, mine(a, user).orElse(null), !a.endsAt().isAfter(Instant.now()));
    }

    /** The activities of the resident's grids that have not ended, soonest first, and those they signed up for lately. */
    public List<ForResident> forResident(GridworkUser user, Instant now) {
        Optional<HouseholdView> h = home(user);
        if (h.isEmpty()) {
            return List.of();
        }
        String path = placePath(h.get(), grid);
        // the activity's grid is the resident's grid or lies above it: its path is a prefix of theirs
        List<String> prefixes = new ArrayList<>();
        for (int i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
            prefixes.add(path.substring(0, i + 1));
        }
        if (prefixes.isEmpty()) {
            return List.of();
        }
        String in = String.join(", ", prefixes.stream().map(p -> "?").toList());
        List<Object> params = new ArrayList<>(prefixes);
        params.add(Checks.timestamp(now.minus(Duration.ofDays(30))));
        List<Activity> list = jdbc.sql(SELECT + " where a.grid_path in (" + in + ") and a.ends_at > ? order by a.starts_at, a.id limit 100")
                .params(params).query(Activities::activity).list();
        // those coming up (or running) first, soonest first; then the recent ones the resident signed up for
        return list.stream().map(a -> new ForResident(a, mine(a, user).orElse(null), !a.endsAt().isAfter(now)))
                .filter(v -> (!v.ended() && !v.activity().cancelled()) || v.mine() != null)
                .sorted(java.util.Comparator.comparing((ForResident v) -> v.ended() || v.activity().cancelled())).toList();
    }

    /** The resident's (or their household's) active sign-up of an activity. */
    private Optional<Signup> mine(Activity a, GridworkUser user) {
        String key = unitKey(a, user);
        return jdbc.sql("select * from economy_activity_signup where activity_id = ? and active_key = ?").params(a.id(), key)
                .query(Activities::signup).optional().map(this::withDetails);
    }

    private static String unitKey(Activity a, GridworkUser user) {
        return a.signupUnit() == Unit.HOUSEHOLD ? "H:" + user.householdId() : "P:" + user.personId();
    }

    /** The members of the resident's household, to name who comes. */
    public List<PersonView> household(GridworkUser user) {
        return user.householdId() == null ? List.of() : people.membersOf(user.householdId());
    }

    public Signup signUp(long activityId, List<Long> memberIds, GridworkUser user) {
        return signUp(activityId, memberIds, Instant.now(), user);
    }

    /**
     * Signs the resident (per-person activity) or their household with the named members (per-household activity) up,
     * as of {@code now}: confirmed when it fits the capacity, else on the waiting list. 409 {@code already-signed-up}
     * for a second sign-up of the same person or household, {@code activity-started} once it has started.
     */
    public Signup signUp(long activityId, List<Long> memberIds, Instant now, GridworkUser user) {
        if (user.personId() == null || user.householdId() == null) {
            throw ProblemException.conflict("no-person", "a resident confirmed in a household signs up");
        }
        Activity a = forResident(activityId, user).activity();
        notCancelled(a);
        if (a.started(now)) {
            throw ProblemException.conflict("activity-started", "sign-up closed when the activity started");
        }
        List<PersonView> persons;
        if (a.signupUnit() == Unit.HOUSEHOLD) {
            List<PersonView> members = household(user);
            Set<Long> wanted = memberIds == null || memberIds.isEmpty() ? Set.of(user.personId()) : new LinkedHashSet<>(memberIds);
            persons = members.stream().filter(m -> wanted.contains(m.id())).toList();
            if (persons.size() != wanted.size()) {
                throw ProblemException.badRequest("not-a-member", "name members of your household only",
                        Map.of("field", "memberIds"));
            }
        } else {
            persons = people.person(user.personId()).map(List::of).orElseThrow(
                    () -> ProblemException.conflict("no-person", "a resident confirmed in a household signs up"));
        }
        int seats = a.capacityUnit() == Unit.HOUSEHOLD ? 1 : persons.size();
        if (seats > a.capacity()) {
            throw ProblemException.badRequest("beyond-capacity", "the activity takes " + a.capacity() + " in all",
                    Map.of("field", "memberIds"));
        }
        String key = unitKey(a, user);
        PersonView self = people.person(user.personId()).orElseThrow();
        long id = atomically.run(() -> {
            if (jdbc.sql("select count(*) from economy_activity_signup where activity_id = ? and active_key = ?")
                    .params(a.id(), key).query(Long.class).single() > 0) {
                throw ProblemException.conflict("already-signed-up", a.signupUnit() == Unit.HOUSEHOLD
                        ? "your household has signed up already" : "you have signed up already");
            }
            var keys = new GeneratedKeyHolder();
            jdbc.sql("""
                    insert into economy_activity_signup (activity_id, household_id, person_id, person_name, unit_key, active_key,
                        seats, status, created_at) values (?, ?, ?, ?, ?, ?, ?, 'WAITLISTED', ?)""")
                    .params(a.id(), a.signupUnit() == Unit.HOUSEHOLD ? user.householdId() : null, user.personId(), self.name(),
                            key, key, seats, Checks.timestamp(now))
                    .update(keys, "id");
            long signup = keys.getKey().longValue();
            int took = jdbc.sql("update economy_activity set taken = taken + ? where id = ? and taken + ? <= capacity")
                    .params(seats, a.id(), seats).update();
            if (took == 1) {
                jdbc.sql("update economy_activity_signup set status = 'CONFIRMED' where id = ?").param(signup).update();
            }
            for (PersonView p : persons) {
                jdbc.sql("""
                        insert into economy_activity_attendance (activity_id, signup_id, person_id, person_name, status)
                        values (?, ?, ?, ?, 'EXPECTED')""").params(a.id(), signup, p.id(), p.name()).update();
            }
            return signup;
        });
        return signup(id).orElseThrow();
    }

    public Signup cancel(long activityId, GridworkUser user) {
        return cancel(activityId, Instant.now(), user);
    }

    /**
     * Cancels the resident's (or household's) sign-up before the start; a confirmed one gives its seats back and the
     * waiting sign-ups that now fit are confirmed, oldest first. 409 {@code not-signed-up} without one.
     */
    public Signup cancel(long activityId, Instant now, GridworkUser user) {
        Activity a = forResident(activityId, user).activity();
        notCancelled(a);
        if (a.started(now)) {
            throw ProblemException.conflict("activity-started", "a sign-up is cancelled before the activity starts");
        }
        String key = unitKey(a, user);
        long id = atomically.run(() -> {
            Signup s = jdbc.sql("select * from economy_activity_signup where activity_id = ? and active_key = ?")
                    .params(a.id(), key).query(Activities::signup).optional()
                    .orElseThrow(() -> ProblemException.conflict("not-signed-up", "there is no sign-up to cancel"));
            int changed = jdbc.sql("""
                    update economy_activity_signup set status = 'CANCELLED', active_key = null, cancelled_at = ?
                     where id = ? and status = ?""").params(Checks.timestamp(now), s.id(), s.status().name()).update();
            if (changed == 0) {
                throw new org.springframework.dao.ConcurrencyFailureException("sign-up " + s.id() + " changed meanwhile");
            }
            if (s.status() == SignupStatus.CONFIRMED) {
                jdbc.sql("update economy_activity set taken = taken - ? where id = ?").params(s.seats(), a.id()).update();
                promote(a.id(), now);
            }
            return s.id();
        });
        return signup(id).orElseThrow();
    }

    /** Confirms the waiting sign-ups that fit, oldest first (the caller holds the activity's row lock). */
    private void promote(long activityId, Instant now) {
        int[] room = jdbc.sql("select capacity, taken from economy_activity where id = ?").param(activityId)
                .query((rs, i) -> new int[] {rs.getInt("capacity") - rs.getInt("taken")}).single();
        List<Signup> waiting = jdbc.sql("""
                select * from economy_activity_signup where activity_id = ? and status = 'WAITLISTED' order by id""")
                .param(activityId).query(Activities::signup).list();
        for (Signup w : waiting) {
            if (room[0] <= 0) {
                break;
            }
            if (w.seats() > room[0]) {
                continue;
            }
            int changed = jdbc.sql("""
                    update economy_activity_signup set status = 'CONFIRMED', promoted_at = ? where id = ? and status = 'WAITLISTED'""")
                    .params(Checks.timestamp(now), w.id()).update();
            if (changed == 1) {
                jdbc.sql("update economy_activity set taken = taken + ? where id = ?").params(w.seats(), activityId).update();
                room[0] -= w.seats();
            }
        }
    }

    // ---- attendance -----------------------------------------------------------------------------

    /** The attendance of a person named by a confirmed sign-up: 409 {@code not-signed-up} (or {@code waitlisted}). */
    private Attendance attendanceOf(Activity a, Long personId) {
        long pid = Checks.require(personId, "personId");
        record Named(Attendance attendance, boolean confirmed) {
        }
        Named found = jdbc.sql("""
                select t.*, s.status as signup_status from economy_activity_attendance t
                  join economy_activity_signup s on s.id = t.signup_id
                 where t.activity_id = ? and t.person_id = ? and s.status <> 'CANCELLED'""").params(a.id(), pid)
                .query((rs, i) -> new Named(attendance(rs, i), "CONFIRMED".equals(rs.getString("signup_status"))))
                .optional().orElseThrow(() -> ProblemException.conflict("not-signed-up",
                        "this person has not signed up for the activity"));
        if (!found.confirmed()) {
            throw ProblemException.conflict("waitlisted", "this person is on the waiting list, not signed up");
        }
        return found.attendance();
    }

    public Attendance checkIn(long activityId, Long personId, GridworkUser user) {
        return checkIn(activityId, personId, Instant.now(), user);
    }

    /** Checks a signed-up person in, from an hour before the start until the end. */
    public Attendance checkIn(long activityId, Long personId, Instant now, GridworkUser user) {
        Activity a = forOrganiser(activityId, user);
        notCancelled(a);
        Attendance t = attendanceOf(a, personId);
        if (now.isBefore(a.startsAt().minus(CHECK_IN_EARLY)) || now.isAfter(a.endsAt())) {
            throw ProblemException.conflict("outside-check-in-time", "check-in is open from an hour before the start to the end");
        }
        int changed = jdbc.sql("""
                update economy_activity_attendance set status = 'CHECKED_IN', checked_in_at = ?, checked_in_by_name = ?
                 where id = ? and status = 'EXPECTED'""").params(Checks.timestamp(now), user.displayName(), t.id()).update();
        if (changed == 0) {
            throw ProblemException.conflict("already-checked-in", t.personName() + " has checked in already");
        }
        return attendance(t.id()).orElseThrow();
    }

    public Attendance checkOut(long activityId, Long personId, GridworkUser user) {
        return checkOut(activityId, personId, Instant.now(), user);
    }

    /** Checks a person out; the minutes counted are those within the activity's hours. */
    public Attendance checkOut(long activityId, Long personId, Instant now, GridworkUser user) {
        Activity a = forOrganiser(activityId, user);
        notCancelled(a);
        Attendance t = attendanceOf(a, personId);
        if (t.status() != AttendanceStatus.CHECKED_IN) {
            throw t.status() == AttendanceStatus.EXPECTED
                    ? ProblemException.conflict("not-checked-in", t.personName() + " has not checked in")
                    : ProblemException.conflict("already-checked-out", t.personName() + " has checked out already");
        }
        Instant from = t.checkedInAt().isBefore(a.startsAt()) ? a.startsAt() : t.checkedInAt();
        Instant to = now.isAfter(a.endsAt()) ? a.endsAt() : now;
        int minutes = (int) Math.max(0, Duration.between(from, to).toMinutes());
        int changed = jdbc.sql("""
                update economy_activity_attendance set status = 'CHECKED_OUT', checked_out_at = ?, checked_out_by_name = ?,
                    minutes = ? where id = ? and status = 'CHECKED_IN'""")
                .params(Checks.timestamp(now), user.displayName(), minutes, t.id()).update();
        if (changed == 0) {
            throw ProblemException.conflict("already-checked-out", t.personName() + " has checked out already");
        }
        return attendance(t.id()).orElseThrow();
    }

    public Attendance verify(long activityId, Long personId, GridworkUser user) {
        return verify(activityId, personId, Instant.now(), user);
    }

    /**
     * Verifies a checked-out attendance: its points are fixed by the activity's rule (per hour: the minutes counted;
     * per task: one). 409 {@code not-checked-out} before, {@code already-verified} after.
     */
    public Attendance verify(long activityId, Long personId, Instant now, GridworkUser user) {
        Activity a = forOrganiser(activityId, user);
        notCancelled(a);
        Attendance t = attendanceOf(a, personId);
        switch (t.status()) {
            case EXPECTED, CHECKED_IN -> throw ProblemException.conflict("not-checked-out",
                    t.personName() + " is verified after checking in and out");
            case VERIFIED, CREDITED -> throw ProblemException.conflict("already-verified", t.personName() + " is verified already");
            case CHECKED_OUT -> {
            }
        }
        Long points = null;
        if (a.ruleId() != null) {
            points = a.ruleUnit() == Rules.Unit.HOUR ? (long) a.rulePoints() * t.minutes() / 60 : (long) a.rulePoints();
        }
        int changed = jdbc.sql("""
                update economy_activity_attendance set status = 'VERIFIED', points = ?, verified_by_name = ?, verified_at = ?
                 where id = ? and status = 'CHECKED_OUT'""")
                .params(points, user.displayName(), Checks.timestamp(now), t.id()).update();
        if (changed == 0) {
            throw ProblemException.conflict("already-verified", t.personName() + " is verified already");
        }
        return attendance(t.id()).orElseThrow();
    }

    /**
     * Credits a verified attendance's points to the person, once, through the community's earning: 409
     * {@code attendance-not-verified} before verification, {@code no-points-rule} without a rule, {@code no-points} without a whole point,
     * {@code already-credited} after a credit under another key; the same key again returns the same posting.
     */
    public Ledger.Posting credit(long activityId, Long personId, String clientKey, GridworkUser user) {
        String key = Checks.clientKey(clientKey);
        Activity a = forOrganiser(activityId, user);
        Attendance first = attendanceOf(a, personId);
        if (a.ruleId() == null) {
            throw ProblemException.conflict("no-points-rule", "the activity earns no points");
        }
        Ledger.AccountRef resident = ledger.account(a.communityId(), Ledger.AccountKind.RESIDENT, first.personId());
        Ledger.AccountRef issuer = ledger.issuer(a.communityId());
        return atomically.run(() -> {
            Optional<Ledger.Posting> prior = replay(key, first.id(), user);
            if (prior.isPresent()) {
                return prior.get();
            }
            notCancelled(locked(a.id())); // a cancellation holds the same lock: no points for a cancelled activity
            Attendance t = attendance(first.id()).orElseThrow();
            if (t.status() == AttendanceStatus.VERIFIED && (t.points() == null || t.points() < 1)) {
                throw ProblemException.conflict("no-points", "too short for a whole point under " + a.ruleName());
            }
            int claimed = jdbc.sql("update economy_activity_attendance set status = 'CREDITED' where id = ? and status = 'VERIFIED'")
                    .param(t.id()).update();
            if (claimed == 0) {
                prior = replay(key, t.id(), user);
                if (prior.isPresent()) {
                    return prior.get();
                }
                throw t.status() == AttendanceStatus.CREDITED || attendance(t.id()).orElseThrow().status() == AttendanceStatus.CREDITED
                        ? ProblemException.conflict("already-credited", "the attendance's points were credited already")
                        : ProblemException.conflict("attendance-not-verified",
                                "the attendance must be verified before its points are credited");
            }
            int quantity = a.ruleUnit() == Rules.Unit.HOUR ? Math.max(1, t.minutes()) : 1;
            Ledger.Posting posting = volunteering.earn(a.communityId(), issuer, resident, t.points(), key, t.personName(), SOURCE,
                    t.id(), new Ledger.EarnTerms(a.ruleId(), a.ruleName(), a.ruleUnit().name(), a.rulePoints(), quantity),
                    a.title(), user);
            jdbc.sql("update economy_activity_attendance set posting_id = ? where id = ?").params(posting.id(), t.id()).update();
            return posting;
        });
    }

    private Optional<Ledger.Posting> replay(String key, long attendanceId, GridworkUser user) {
        Optional<Ledger.Posting> prior = ledger.byClientKey(user.accountId(), key);
        if (prior.isPresent() && !(SOURCE.equals(prior.get().sourceKind()) && prior.get().sourceId() == attendanceId
                && prior.get().kind() == Ledger.PostingKind.EARN)) {
            throw Ledger.keyReused();
        }
        return prior.map(Ledger.Posting::asReplay);
    }

    // ---- reading --------------------------------------------------------------------------------

    public Optional<Activity> find(long id) {
        return jdbc.sql(SELECT + " where a.id = ?").param(id).query(Activities::activity).optional();
    }

    /** Active sign-ups: the confirmed ones first, then the waiting list in order; each with the persons it names. */
    List<Signup> signups(long activityId) {
        List<Signup> list = jdbc.sql("""
                select * from economy_activity_signup where activity_id = ? and status <> 'CANCELLED'
                 order by case status when 'CONFIRMED' then 0 else 1 end, id""").param(activityId)
                .query(Activities::signup).list();
        Map<Long, List<Attendance>> byS = new java.util.HashMap<>();
        jdbc.sql("select * from economy_activity_attendance where activity_id = ? order by id").param(activityId)
                .query(Activities::attendance).list().forEach(t -> byS.computeIfAbsent(t.signupId(), k -> new ArrayList<>()).add(t));
        List<Signup> out = new ArrayList<>();
        int position = 0;
        for (Signup s : list) {
            Integer wait = s.status() == SignupStatus.WAITLISTED ? ++position : null;
            out.add(new Signup(s.id(), s.activityId(), s.householdId(), s.personId(), s.personName(), s.seats(), s.status(),
                    s.createdAt(), s.promotedAt(), s.cancelledAt(), wait, byS.getOrDefault(s.id(), List.of())));
        }
        return out;
    }

    public Optional<Signup> signup(long id) {
        return jdbc.sql("select * from economy_activity_signup where id = ?").param(id).query(Activities::signup).optional()
                .map(this::withDetails);
    }

    private Signup withDetails(Signup s) {
        Integer wait = s.status() == SignupStatus.WAITLISTED ? jdbc.sql("""
                select count(*) from economy_activity_signup where activity_id = ? and status = 'WAITLISTED' and id <= ?""")
                .params(s.activityId(), s.id()).query(Integer.class).single() : null;
        List<Attendance> attendance = jdbc.sql("select * from economy_activity_attendance where signup_id = ? order by id")
                .param(s.id()).query(Activities::attendance).list();
        return new Signup(s.id(), s.activityId(), s.householdId(), s.personId(), s.personName(), s.seats(), s.status(),
                s.createdAt(), s.promotedAt(), s.cancelledAt(), wait, attendance);
    }

    public Optional<Attendance> attendance(long id) {
        return jdbc.sql("select * from economy_activity_attendance where id = ?").param(id).query(Activities::attendance).optional();
    }

    /** Persons whose attendance of the community's activities was verified, with how many times (for recognition). */
    List<Volunteer> volunteers(long communityId) {
        return jdbc.sql("""
                select person_id, max(person_name) as person_name, count(*) as turns from (
                    select t.person_id, t.person_name from economy_activity_attendance t
                      join economy_activity a on a.id = t.activity_id
                     where a.community_id = ? and t.status in ('VERIFIED', 'CREDITED')
                    union all
                    select v.person_id, v.person_name from economy_volunteer_record v
                     where v.community_id = ? and v.status in ('VERIFIED', 'CREDITED')) x
                 group by person_id order by count(*) desc, max(person_name) limit 200""")
                .params(communityId, communityId)
                .query((rs, i) -> new Volunteer(rs.getLong("person_id"), rs.getString("person_name"), rs.getInt("turns"))).list();
    }

    /** A volunteer of the community: verified turns of volunteering and activities. */
    public record Volunteer(long personId, String name, int turns) {
    }

    private static final String SELECT = """
            select a.*, g.name as grid_name, r.name as rule_name, r.unit as rule_unit, r.points as rule_points
              from economy_activity a
              join v_grid_node g on g.id = a.grid_id
              left join economy_earn_rule r on r.id = a.rule_id""";

    private static Activity activity(ResultSet rs, int i) throws SQLException {
        String ruleUnit = rs.getString("rule_unit");
        return new Activity(rs.getLong("id"), rs.getLong("community_id"), rs.getLong("grid_id"), rs.getString("grid_name"),
                rs.getString("grid_path"), Kind.valueOf(rs.getString("kind")), rs.getString("title"), rs.getString("place"),
                rs.getString("description"), Checks.instant(rs.getTimestamp("starts_at")),
                Checks.instant(rs.getTimestamp("ends_at")), Unit.valueOf(rs.getString("signup_unit")),
                Unit.valueOf(rs.getString("capacity_unit")), rs.getInt("capacity"), rs.getInt("taken"),
                Ledger.nullableLong(rs, "rule_id"), rs.getString("rule_name"), ruleUnit == null ? null : Rules.Unit.valueOf(ruleUnit),
                rs.getObject("rule_points", Integer.class), rs.getString("created_by_name"),
                Checks.instant(rs.getTimestamp("created_at")), Checks.instant(rs.getTimestamp("updated_at")),
                rs.getString("updated_by_name"), Checks.instant(rs.getTimestamp("cancelled_at")), rs.getString("cancelled_by_name"),
                rs.getString("cancel_reason"));
    }

    private static Signup signup(ResultSet rs, int i) throws SQLException {
        return new Signup(rs.getLong("id"), rs.getLong("activity_id"), Ledger.nullableLong(rs, "household_id"),
                rs.getLong("person_id"), rs.getString("person_name"), rs.getInt("seats"), SignupStatus.valueOf(rs.getString("status")),
                Checks.instant(rs.getTimestamp("created_at")), Checks.instant(rs.getTimestamp("promoted_at")),
                Checks.instant(rs.getTimestamp("cancelled_at")), null, List.of());
    }

    private static Attendance attendance(ResultSet rs, int i) throws SQLException {
        return new Attendance(rs.getLong("id"), rs.getLong("activity_id"), rs.getLong("signup_id"), rs.getLong("person_id"),
                rs.getString("person_name"), AttendanceStatus.valueOf(rs.getString("status")),
                Checks.instant(rs.getTimestamp("checked_in_at")), rs.getString("checked_in_by_name"),
                Checks.instant(rs.getTimestamp("checked_out_at")), rs.getString("checked_out_by_name"),
                rs.getObject("minutes", Integer.class), Ledger.nullableLong(rs, "points"), rs.getString("verified_by_name"),
                Checks.instant(rs.getTimestamp("verified_at")), Ledger.nullableLong(rs, "posting_id"));
    }
}
