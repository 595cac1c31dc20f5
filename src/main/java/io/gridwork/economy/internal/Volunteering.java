package io.gridwork.economy.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridNode;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonView;
import io.gridwork.shared.persistence.Like;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Volunteering records and the points they earn: the community's staff record a resident's turn under a published
 * rule (RECORDED), verify it (VERIFIED) or reject it, and only a verified record is credited — once, by a posting
 * from the community's issuer account to the resident's, with the rule stored on it (CREDITED). The posting's
 * source is the record ({@code VOLUNTEER_RECORD}); an activity attendance will be another source of the same kind
 * of posting ({@link #earn}).
 */
@Service
public class Volunteering {

    public enum Status { RECORDED, VERIFIED, REJECTED, CREDITED }

    static final String SOURCE = "VOLUNTEER_RECORD";

    /** A turn to record: hours (HOUR rules, up to two decimals) or tasks (TASK rules). */
    public record NewRecord(Long personId, Long ruleId, LocalDate servedOn, BigDecimal hours, Integer tasks, String description) {
    }

    /** A record; {@code quantity} is minutes for HOUR rules and tasks for TASK rules. */
    public record VolunteerRecord(long id, long communityId, long personId, String personName, long ruleId, String ruleName,
            Rules.Unit ruleUnit, int rulePoints, LocalDate servedOn, int quantity, long points, String description, Status status,
            String recordedByName, Instant recordedAt, String decidedByName, Instant decidedAt, String decisionNote, Long postingId,
            boolean reversed) {
    }

    /** A resident the staff may record volunteering for (found by name in the community). */
    public record Candidate(long personId, String name, String phoneMasked, String address) {
    }

    private final JdbcClient jdbc;
    private final Communities communities;
    private final Rules rules;
    private final Ledger ledger;
    private final PeopleApi people;
    private final Atomically atomically;

    Volunteering(JdbcClient jdbc, Communities communities, Rules rules, Ledger ledger, PeopleApi people, Atomically atomically) {
        this.jdbc = jdbc;
        this.communities = communities;
        this.rules = rules;
        this.ledger = ledger;
        this.people = people;
        this.atomically = atomically;
    }

    @Transactional
    public VolunteerRecord record(long communityId, NewRecord in, GridworkUser user) {
        GridNode community = communities.forStaff(communityId, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the record as JSON");
        }
        long personId = Checks.require(in.personId(), "personId");
        PersonView person = people.person(personId).orElseThrow(() -> ProblemException.badRequest("unknown-person",
                "person " + personId + " not found", Map.of("field", "personId")));
        if (communities.ofPerson(personId).map(GridNode::id).filter(id -> id == community.id()).isEmpty()) {
            throw ProblemException.badRequest("not-in-community", person.name() + " does not live in " + community.name(),
                    Map.of("field", "personId"));
        }
        long ruleId = Checks.require(in.ruleId(), "ruleId");
        Rules.EarnRule rule = rules.earnRule(ruleId).filter(r -> r.communityId() == community.id())
                .orElseThrow(() -> ProblemException.badRequest("unknown-rule", "rule " + ruleId + " is not a rule of "
                        + community.name(), Map.of("field", "ruleId")));
        if (rule.retired()) {
            throw ProblemException.conflict("rule-retired", "the rule " + rule.name() + " is retired");
        }
        LocalDate today = LocalDate.now(Checks.ZONE);
        LocalDate servedOn = in.servedOn() == null ? today : in.servedOn();
        if (servedOn.isAfter(today)) {
            throw ProblemException.badRequest("served-in-future", "volunteering cannot be recorded ahead",
                    Map.of("field", "servedOn"));
        }
        if (servedOn.isBefore(today.minusYears(1))) {
            throw ProblemException.badRequest("served-too-long-ago", "volunteering is recorded within a year",
                    Map.of("field", "servedOn"));
        }
        int quantity;
        long points;
        if (rule.unit() == Rules.Unit.HOUR) {
            BigDecimal hours = Checks.require(in.hours(), "hours");
            if (hours.signum() <= 0 || hours.compareTo(BigDecimal.valueOf(24)) > 0) {
                throw ProblemException.badRequest("invalid-hours", "0 < hours ≤ 24", Map.of("field", "hours"));
            }
            quantity = hours.multiply(BigDecimal.valueOf(60)).setScale(0, java.math.RoundingMode.HALF_UP).intValueExact();
            points = (long) rule.points() * quantity / 60;
        } else {
            int tasks = Checks.require(in.tasks(), "tasks");
            if (tasks < 1 || tasks > 100) {
                throw ProblemException.badRequest("invalid-tasks", "1 ≤ tasks ≤ 100", Map.of("field", "tasks"));
            }
            quantity = tasks;
            points = (long) rule.points() * tasks;
        }
        if (points < 1) {
            throw ProblemException.badRequest("no-points", "too short for a whole point under " + rule.name(),
                    Map.of("field", "hours"));
        }
        String description = Checks.text(in.description(), "description", 300, false);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into economy_volunteer_record (community_id, person_id, person_name, rule_id, served_on, quantity, points,
                    description, status, recorded_by_id, recorded_by_name, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'RECORDED', ?, ?, ?)""")
                .params(community.id(), personId, person.name(), rule.id(), servedOn, quantity, points, description,
                        user.accountId(), user.displayName(), Checks.timestamp(Instant.now()))
                .update(keys, "id");
        return find(keys.getKey().longValue()).orElseThrow();
    }

    @Transactional
    public VolunteerRecord verify(long id, GridworkUser user) {
        VolunteerRecord r = forStaff(id, user);
        int changed = jdbc.sql("""
                update economy_volunteer_record set status = 'VERIFIED', decided_by_name = ?, decided_at = ?
                 where id = ? and status = 'RECORDED'""")
                .params(user.displayName(), Checks.timestamp(Instant.now()), id).update();
        if (changed == 0) {
            throw ProblemException.conflict("illegal-transition", "only a recorded turn can be verified (it is " + r.status() + ")");
        }
        return find(id).orElseThrow();
    }

    @Transactional
    public VolunteerRecord reject(long id, String reason, GridworkUser user) {
        forStaff(id, user);
        String note = Checks.text(reason, "reason", 300, false);
        if (note == null) {
            throw ProblemException.badRequest("reason-required", "say why the record is rejected", Map.of("field", "reason"));
        }
        int changed = jdbc.sql("""
                update economy_volunteer_record set status = 'REJECTED', decided_by_name = ?, decided_at = ?, decision_note = ?
                 where id = ? and status in ('RECORDED', 'VERIFIED')""")
                .params(user.displayName(), Checks.timestamp(Instant.now()), note, id).update();
        if (changed == 0) {
            throw ProblemException.conflict("illegal-transition", "a credited or rejected record cannot be rejected");
        }
        return find(id).orElseThrow();
    }

    /**
     * Credits a verified record's points to the resident, once: 409 {@code not-verified} before verification,
     * {@code record-rejected} after a rejection, {@code already-credited} after a credit under another key; the
     * same key again returns the same posting.
     */
    public Ledger.Posting credit(long id, String clientKey, GridworkUser user) {
        String key = Checks.clientKey(clientKey);
        VolunteerRecord first = forStaff(id, user);
        // accounts are opened outside the posting's transaction, so a refusal never leaves a half-made one behind
        Ledger.AccountRef resident = ledger.account(first.communityId(), Ledger.AccountKind.RESIDENT, first.personId());
        Ledger.AccountRef issuer = ledger.issuer(first.communityId());
        return atomically.run(() -> {
            Optional<Ledger.Posting> prior = replay(key, id, user);
            if (prior.isPresent()) {
                return prior.get();
            }
            int claimed = jdbc.sql("update economy_volunteer_record set status = 'CREDITED' where id = ? and status = 'VERIFIED'")
                    .param(id).update();
            if (claimed == 0) {
                // a concurrent request with the same key may have credited it meanwhile
                prior = replay(key, id, user);
                if (prior.isPresent()) {
                    return prior.get();
                }
                throw refusal(find(id).orElseThrow().status());
            }
            VolunteerRecord r = find(id).orElseThrow();
            Ledger.Posting posting = earn(r.communityId(), issuer, resident, r.points(), key, r.personName(), SOURCE, r.id(),
                    new Ledger.EarnTerms(r.ruleId(), r.ruleName(), r.ruleUnit().name(), r.rulePoints(), r.quantity()),
                    r.description(), user);
            jdbc.sql("update economy_volunteer_record set posting_id = ? where id = ?").params(posting.id(), id).update();
            return posting;
        });
    }

    /**
     * Earns points for a source (a volunteering record now; an activity attendance later): a posting from the
     * community's issuer account to the resident's, at most once per source.
     */
    Ledger.Posting earn(long communityId, Ledger.AccountRef issuer, Ledger.AccountRef resident, long points, String clientKey,
            String residentName, String sourceKind, long sourceId, Ledger.EarnTerms terms, String note, GridworkUser user) {
        return ledger.post(new Ledger.NewPosting(communityId, Ledger.PostingKind.EARN, issuer, resident, points, clientKey,
                residentName, sourceKind, sourceId, "earn:" + sourceKind + ":" + sourceId, null, null, terms, null, note), user);
    }

    private Optional<Ledger.Posting> replay(String key, long recordId, GridworkUser user) {
        Optional<Ledger.Posting> prior = ledger.byClientKey(user.accountId(), key);
        if (prior.isPresent() && !(SOURCE.equals(prior.get().sourceKind()) && prior.get().sourceId() == recordId
                && prior.get().kind() == Ledger.PostingKind.EARN)) {
            throw Ledger.keyReused();
        }
        return prior.map(Ledger.Posting::asReplay);
    }

    private static ProblemException refusal(Status status) {
        return switch (status) {
            case RECORDED -> ProblemException.conflict("not-verified", "the record must be verified before its points are credited");
            case REJECTED -> ProblemException.conflict("record-rejected", "the record was rejected");
            case CREDITED -> ProblemException.conflict("already-credited", "the record's points were credited already");
            case VERIFIED -> ProblemException.conflict("concurrent-change", "the record changed meanwhile; try again");
        };
    }

    public VolunteerRecord forStaff(long id, GridworkUser user) {
        VolunteerRecord r = find(id).orElseThrow(() -> ProblemException.notFound("volunteer record", id));
        if (!communities.covers(r.communityId(), user)) {
            throw ProblemException.forbidden("volunteer record " + id + " lies outside your grids");
        }
        return r;
    }

    public List<VolunteerRecord> list(long communityId, Status status, int limit, GridworkUser user) {
        communities.forStaff(communityId, user);
        StringBuilder sql = new StringBuilder(SELECT + " where v.community_id = ?");
        List<Object> params = new ArrayList<>(List.of(communityId));
        if (status != null) {
            sql.append(" and v.status = ?");
            params.add(status.name());
        }
        sql.append(" order by case v.status when 'RECORDED' then 0 when 'VERIFIED' then 1 else 2 end, v.id desc limit ?");
        params.add(Math.max(1, Math.min(limit, 500)));
        return jdbc.sql(sql.toString()).params(params).query(Volunteering::record).list();
    }

    public Optional<VolunteerRecord> find(long id) {
        return jdbc.sql(SELECT + " where v.id = ?").param(id).query(Volunteering::record).optional();
    }

    private static final String SELECT = """
            select v.*, r.name as rule_name, r.unit as rule_unit, r.points as rule_points, x.id as reversal_id
              from economy_volunteer_record v
              join economy_earn_rule r on r.id = v.rule_id
              left join economy_posting x on x.reverses_id = v.posting_id""";

    private static VolunteerRecord record(ResultSet rs, int i) throws SQLException {
        return new VolunteerRecord(rs.getLong("id"), rs.getLong("community_id"), rs.getLong("person_id"),
                rs.getString("person_name"), rs.getLong("rule_id"), rs.getString("rule_name"),
                Rules.Unit.valueOf(rs.getString("rule_unit")), rs.getInt("rule_points"), rs.getObject("served_on", LocalDate.class),
                rs.getInt("quantity"), rs.getLong("points"), rs.getString("description"), Status.valueOf(rs.getString("status")),
                rs.getString("recorded_by_name"), Checks.instant(rs.getTimestamp("recorded_at")), rs.getString("decided_by_name"),
                Checks.instant(rs.getTimestamp("decided_at")), rs.getString("decision_note"), Ledger.nullableLong(rs, "posting_id"),
                Ledger.nullableLong(rs, "reversal_id") != null);
    }

    /**
     * Residents of the community whose name contains {@code q}, with their address, to record volunteering for.
     * A read-only, set-based query over the people and grid tables (a facade call per resident would not hold
     * for a community of thousands); numbers come masked as stored.
     */
    public List<Candidate> candidates(long communityId, String q, GridworkUser user) {
        GridNode community = communities.forStaff(communityId, user);
        if (q == null || q.isBlank()) {
            return List.of();
        }
        return jdbc.sql("""
                select p.id, p.name, p.phone_mask, c.name as compound_name, b.number as building, u.number as unit, h.room
                  from v_people_person p
                  join v_people_household_member hm on hm.person_id = p.id and hm.until is null
                  join v_grid_household h on h.id = hm.household_id
                  join v_grid_unit u on u.id = h.unit_id
                  join v_grid_building b on b.id = u.building_id
                  join v_grid_node c on c.id = b.compound_id
                 where c.path like ? and p.name like ?""" + Like.ESCAPE + """
                 order by p.name, p.id limit 20""")
                .params(community.path() + "%", Like.containing(q))
                .query((rs, i) -> new Candidate(rs.getLong("id"), rs.getString("name"), rs.getString("phone_mask"),
                        rs.getString("compound_name") + " " + rs.getString("building") + "栋" + rs.getString("unit") + "单元"
                                + rs.getString("room")))
                .list();
    }
}
