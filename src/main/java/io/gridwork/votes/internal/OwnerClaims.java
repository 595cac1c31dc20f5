package io.gridwork.votes.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.Fields;
import io.gridwork.shared.web.ProblemException;

/**
 * The link from a resident's account to the units they own, so that owners vote on their phone. A resident claims a
 * unit of their home compound (building, unit, room); the staff who run the compound's owners' decisions confirm the
 * claim once they have seen the property certificate (不动产权证书) at the station, or reject it with a reason. One
 * confirmed claim per unit (co-owners agree on who votes, as on paper). When one person's confirmed units are two or
 * more, confirming groups them as one registered owner (a buyer holding several units counts as one owner); a unit on
 * the developer's list is refused until the register is corrected. A confirmed claim can be revoked by staff.
 */
@Service
public class OwnerClaims {

    public enum Status { PENDING, CONFIRMED, REJECTED, REVOKED }

    /** A claim: the unit by building, unit and room numbers in the claimant's home compound. */
    public record ClaimIn(String building, String unit, String room) {
    }

    public record Claim(long id, long compoundId, String compoundPath, long householdId, String address, long personId,
            String claimantName, boolean livesThere, Status status, Instant claimedAt, String decidedByName, Instant decidedAt,
            String reason) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final Decisions decisions;

    OwnerClaims(JdbcClient jdbc, GridApi grid, Decisions decisions) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.decisions = decisions;
    }

    private static final String COLUMNS = """
            c.id, c.compound_id, c.compound_path, c.household_id, b.number as b, u.number as u, h.room, c.person_id, c.claimant_name,
            case when exists (select 1 from v_people_household_member hm where hm.household_id = c.household_id and hm.person_id = c.person_id
                 and hm.until is null) then 1 else 0 end as lives, c.status, c.claimed_at, c.decided_by_name, c.decided_at, c.reason
            from vote_owner_claim c join v_grid_household h on h.id = c.household_id join v_grid_unit u on u.id = h.unit_id
            join v_grid_building b on b.id = u.building_id""";

    private Claim row(ResultSet rs, int i) throws SQLException {
        return new Claim(rs.getLong("id"), rs.getLong("compound_id"), rs.getString("compound_path"), rs.getLong("household_id"),
                rs.getString("b") + "栋" + rs.getString("u") + "单元" + rs.getString("room"), rs.getLong("person_id"),
                rs.getString("claimant_name"), rs.getInt("lives") == 1, Status.valueOf(rs.getString("status")),
                Polls.instant(rs.getTimestamp("claimed_at")), rs.getString("decided_by_name"), Polls.instant(rs.getTimestamp("decided_at")),
                rs.getString("reason"));
    }

    /** Whether the user may claim units: a resident with a person and a home. */
    public static boolean claims(GridworkUser u) {
        return u.has(Role.RESIDENT) && u.personId() != null && u.householdId() != null;
    }

    /** The resident's claims, newest first. */
    public List<Claim> mine(GridworkUser user) {
        if (user.personId() == null) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " where c.person_id = ? order by c.id desc limit 50").param(user.personId()).query(this::row).list();
    }

    /** The resident's home compound, for the claim form. */
    public Optional<HouseholdView> home(GridworkUser user) {
        return claims(user) ? grid.household(user.householdId()) : Optional.empty();
    }

    /**
     * A claim of a unit in the resident's home compound: refused when the unit is not found there (400 unknown-unit), the
     * resident has a pending or confirmed claim on it (409 claim-exists) or another account is confirmed as its owner
     * (409 unit-claimed).
     */
    @Transactional
    public Claim claim(ClaimIn in, GridworkUser user) {
        if (!claims(user)) {
            throw ProblemException.forbidden("only residents registered in a household claim the units they own");
        }
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the unit as JSON");
        }
        String building = Fields.text(in.building(), "building", 16, true);
        String unit = Fields.text(in.unit(), "unit", 16, true);
        String room = Fields.text(in.room(), "room", 16, true);
        HouseholdView home = grid.household(user.householdId()).orElseThrow(() -> ProblemException.forbidden("no home"));
        HouseholdView h = grid.locateAddress(home.compoundName(), building, unit, room).filter(x -> x.compoundId() == home.compoundId())
                .orElseThrow(() -> ProblemException.badRequest("claim-unknown-unit", "no unit " + building + "-" + unit + "-" + room
                        + " in your compound", Map.of("field", "room")));
        if (jdbc.sql("select count(*) from vote_owner_claim where person_id = ? and household_id = ? and status in ('PENDING','CONFIRMED')")
                .params(user.personId(), h.id()).query(Long.class).single() > 0) {
            throw ProblemException.conflict("claim-exists", "you have claimed this unit already");
        }
        if (confirmedOf(h.id()).isPresent()) {
            throw ProblemException.conflict("unit-claimed", "another account is confirmed as this unit's owner");
        }
        GridNode compound = grid.node(h.compoundId()).orElseThrow();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into vote_owner_claim (compound_id, compound_path, household_id, person_id, account_id, claimant_name, status, claimed_at)
                values (?, ?, ?, ?, ?, ?, 'PENDING', ?)""").params(compound.id(), compound.path(), h.id(), user.personId(), user.accountId(),
                user.displayName(), Timestamp.from(Instant.now())).update(keys, "id");
        return find(keys.getKey().longValue()).orElseThrow();
    }

    private Optional<Long> confirmedOf(long householdId) {
        return jdbc.sql("select id from vote_owner_claim where confirmed_household = ?").param(householdId).query(Long.class).optional();
    }

    private Optional<Claim> find(long id) {
        return jdbc.sql("select " + COLUMNS + " where c.id = ?").param(id).query(this::row).optional();
    }

    /** The claims of a compound (staff running its decisions): pending first, then the confirmed ones. */
    public List<Claim> ofCompound(long compoundId, GridworkUser user) {
        decisions.runnable(compoundId, user);
        return jdbc.sql("select " + COLUMNS + " where c.compound_id = ? and c.status in ('PENDING','CONFIRMED') "
                + "order by case when c.status = 'PENDING' then 0 else 1 end, c.id").param(compoundId).query(this::row).list();
    }

    /** The compound of a claim the user decides on (404 otherwise). */
    public long compoundOf(long id, GridworkUser user) {
        return decidable(id, user).compoundId();
    }

    private Claim decidable(long id, GridworkUser user) {
        Claim c = find(id).orElseThrow(() -> ProblemException.notFound("claim", id));
        if (!Decisions.runs(user) || !user.covers(c.compoundPath())) {
            throw ProblemException.outOfReach("claim", id);
        }
        return c;
    }

    /**
     * Confirms a pending claim after the certificate was seen: the unit's owner account from now on. Refused when the
     * claim is not pending (409 claim-not-pending), the unit is confirmed to someone else (409 unit-claimed) or is on the
     * developer's list (409 unit-developer-held). The person's confirmed units of the compound are grouped as one owner
     * (409 owner-merge when they belong to two registered owners already).
     */
    @Transactional
    public Claim confirm(long id, GridworkUser user) {
        Claim c = decidable(id, user);
        if (c.status() != Status.PENDING) {
            throw ProblemException.conflict("claim-not-pending", "the claim is not waiting for a decision");
        }
        if (jdbc.sql("select count(*) from vote_owner_unit ou join vote_owner o on o.id = ou.owner_id where ou.household_id = ? and o.developer")
                .param(c.householdId()).query(Long.class).single() > 0) {
            throw ProblemException.conflict("unit-developer-held", "the unit is on the developer's list: take it off in the owners register first");
        }
        if (confirmedOf(c.householdId()).isPresent()) {
            throw ProblemException.conflict("unit-claimed", "another account is confirmed as this unit's owner");
        }
        Timestamp now = Timestamp.from(Instant.now());
        if (jdbc.sql("""
                update vote_owner_claim set status = 'CONFIRMED', confirmed_household = ?, decided_by_name = ?, decided_at = ?
                where id = ? and status = 'PENDING' and not exists (select 1 from vote_owner_claim x where x.confirmed_household = ?)""")
                .params(c.householdId(), user.displayName(), now, id, c.householdId()).update() == 0) {
            throw ProblemException.conflict("unit-claimed", "another account is confirmed as this unit's owner");
        }
        group(c, user);
        return find(id).orElseThrow();
    }

    /** One person's confirmed units of a compound count as one owner: register them together. */
    private void group(Claim c, GridworkUser user) {
        List<Long> units = jdbc.sql("select household_id from vote_owner_claim where person_id = ? and compound_id = ? and status = 'CONFIRMED' order by household_id")
                .params(c.personId(), c.compoundId()).query(Long.class).list();
        if (units.size() < 2) {
            return;
        }
        Set<Long> owners = new LinkedHashSet<>();
        List<Long> loose = new ArrayList<>();
        for (Long h : units) {
            Optional<Long> o = jdbc.sql("select owner_id from vote_owner_unit where household_id = ?").param(h).query(Long.class).optional();
            o.ifPresentOrElse(owners::add, () -> loose.add(h));
        }
        if (owners.size() > 1) {
            throw ProblemException.conflict("owner-merge", "the owner's units are registered to two owners: correct the owners register first");
        }
        if (owners.isEmpty()) {
            decisions.addOwner(c.compoundId(), new Decisions.NewOwner(c.claimantName(), false, units), user);
            return;
        }
        long owner = owners.iterator().next();
        for (Long h : loose) {
            jdbc.sql("insert into vote_owner_unit (household_id, owner_id, compound_id) values (?, ?, ?)").params(h, owner, c.compoundId()).update();
        }
    }

    /** Rejects a pending claim, or revokes a confirmed one, with a reason the resident reads. */
    @Transactional
    public Claim reject(long id, String reason, GridworkUser user) {
        Claim c = decidable(id, user);
        String why = Fields.text(reason, "reason", 200, true);
        Status to = switch (c.status()) {
            case PENDING -> Status.REJECTED;
            case CONFIRMED -> Status.REVOKED;
            default -> throw ProblemException.conflict("claim-not-pending", "the claim is not waiting for a decision");
        };
        jdbc.sql("update vote_owner_claim set status = ?, confirmed_household = null, reason = ?, decided_by_name = ?, decided_at = ? where id = ? and status = ?")
                .params(to.name(), why, user.displayName(), Timestamp.from(Instant.now()), id, c.status().name()).update();
        return find(id).orElseThrow();
    }

    /** The compounds where the person holds a confirmed unit. */
    public List<Long> ownedCompounds(GridworkUser user) {
        if (user.personId() == null || !user.has(Role.RESIDENT)) {
            return List.of();
        }
        return jdbc.sql("select distinct compound_id from vote_owner_claim where person_id = ? and status = 'CONFIRMED'")
                .param(user.personId()).query(Long.class).list();
    }

    public static ProblemException notOwner() {
        return new ProblemException(HttpStatus.FORBIDDEN, "not-owner",
                "you are no confirmed owner of a unit in this decision's register: claim your unit and have it confirmed");
    }
}
