package io.gridwork.votes.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.Fields;
import io.gridwork.shared.web.ProblemException;

/**
 * Owners' collective decisions under Civil Code Art. 278 for a compound: the owners register (exceptions to "one
 * exclusive unit, one owner"), decisions with their items, the register frozen when a decision opens (every unit of
 * the compound with its exclusive area from the structure sheet), one paper ballot per owner covering all their units,
 * and the result by {@link Art278}. Community and street staff, the owners committee and admins whose grids cover the
 * compound run decisions; the compound's staff and residents read them once open.
 */
@Service
public class Decisions {

    public enum Status { DRAFT, OPEN, CLOSED }

    public enum Choice { AGREE, OPPOSE, ABSTAIN }

    /** At most this many items on one decision. */
    static final int MAX_ITEMS = 10;

    public record NewOwner(String name, Boolean developer, List<Long> householdIds) {
    }

    public record Owner(long id, long compoundId, String name, boolean developer, List<String> rooms, List<Long> householdIds) {
    }

    public record ItemIn(Art278.Matter matter, String text) {
    }

    public record NewDecision(Long compoundId, String title, String body, List<ItemIn> items) {
    }

    public record Item(long id, int position, Art278.Matter matter, String text) {

        public boolean special() {
            return matter.special;
        }
    }

    public record Decision(long id, long compoundId, String compoundName, String compoundPath, String title, String body,
            Status status, Integer units, Long totalArea, Integer totalOwners, String createdByName, Instant createdAt,
            Instant openedAt, Instant closedAt, String closedByName, List<Item> items) {
    }

    /** A paper ballot: the unit it came on and a choice for every item (by item id). */
    public record BallotIn(Long householdId, Map<Long, Choice> choices) {
    }

    public record Ballot(long id, long decisionId, String ownerKey, long householdId, String castByName, Instant castAt) {
    }

    public record RegisterRow(long householdId, String building, String unit, String room, long area, String ownerKey,
            String ownerName, boolean developer, boolean voted) {

        public String address() {
            return building + "栋" + unit + "单元" + room;
        }
    }

    /** The result with the counts behind it: the ballots (owners) and the four figures of every item. */
    public record Outcome(Decision decision, int ballots, Art278.Result result) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final VoteReach reach;
    private final org.springframework.context.ApplicationEventPublisher events;

    Decisions(JdbcClient jdbc, GridApi grid, VoteReach reach, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.grid = grid;
        this.reach = reach;
    }

    // ---- who -------------------------------------------------------------------------------------------

    public static boolean runs(GridworkUser u) {
        return u.isAdmin() || u.has(Role.COMMUNITY_STAFF) || u.has(Role.STREET_STAFF) || u.has(Role.OWNERS_COMMITTEE);
    }

    public boolean canRun(String compoundPath, GridworkUser u) {
        return runs(u) && u.covers(compoundPath);
    }

    public boolean sees(Decision d, GridworkUser u) {
        if (VoteReach.staffSees(d.compoundPath(), u)) {
            return true;
        }
        return d.status() != Status.DRAFT && (reach.homeCompound(u).map(c -> c == d.compoundId()).orElse(false)
                || ownsIn(d.compoundId(), u));
    }

    /** Whether the user is a resident confirmed as the owner of a unit of the compound (see {@link OwnerClaims}). */
    boolean ownsIn(long compoundId, GridworkUser u) {
        return u.has(Role.RESIDENT) && u.personId() != null && jdbc.sql(
                "select count(*) from vote_owner_claim where person_id = ? and compound_id = ? and status = 'CONFIRMED'")
                .params(u.personId(), compoundId).query(Long.class).single() > 0;
    }

    /** The compound when the user runs decisions there, else 404 as if absent. */
    public GridNode runnable(Long compoundId, GridworkUser user) {
        if (!runs(user)) {
            throw ProblemException.forbidden("only community staff and the owners committee run owners' decisions");
        }
        if (compoundId == null) {
            throw ProblemException.badRequest("field-required", "compoundId is required", Map.of("field", "compoundId"));
        }
        return grid.node(compoundId).filter(n -> n.level() == GridLevel.COMPOUND && !n.retired() && user.covers(n.path()))
                .orElseThrow(() -> ProblemException.notFound("compound", compoundId));
    }

    /** The compounds the user runs decisions in (for the pages' pickers). */
    public List<GridNode> compounds(GridworkUser user) {
        if (!runs(user)) {
            return List.of();
        }
        List<GridNode> out = new ArrayList<>();
        for (String s : user.scopePaths()) {
            out.addAll(grid.nodesUnder(s, GridLevel.COMPOUND, null, 200));
        }
        return out.stream().distinct().limit(200).toList();
    }

    // ---- the owners register -------------------------------------------------------------------------------

    public List<Owner> owners(long compoundId, GridworkUser user) {
        runnable(compoundId, user);
        List<Owner> owners = jdbc.sql("select id, compound_id, name, developer from vote_owner where compound_id = ? order by developer desc, id")
                .param(compoundId).query((rs, i) -> new Owner(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4),
                        new ArrayList<>(), new ArrayList<>())).list();
        Map<Long, Owner> byId = new HashMap<>();
        owners.forEach(o -> byId.put(o.id(), o));
        jdbc.sql("""
                select ou.owner_id, h.id, b.number as b, u.number as u, h.room from vote_owner_unit ou join v_grid_household h on h.id = ou.household_id
                join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id where ou.compound_id = ?
                order by ou.owner_id, b.id, u.id, h.room""").param(compoundId).query(rs -> {
                    Owner o = byId.get(rs.getLong(1));
                    if (o != null) {
                        o.householdIds().add(rs.getLong(2));
                        o.rooms().add(rs.getString("b") + "栋" + rs.getString("u") + "单元" + rs.getString("room"));
                    }
                });
        return owners;
    }

    /**
     * Registers an owner of several units, or the developer's unsold (or undelivered) units: they count as one owner in
     * every decision opened afterwards. A unit belongs to one registered owner at most (409 unit-owned).
     */
    @Transactional
    public Owner addOwner(long compoundId, NewOwner in, GridworkUser user) {
        runnable(compoundId, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the owner as JSON");
        }
        String name = Fields.text(in.name(), "name", 200, true);
        boolean developer = Boolean.TRUE.equals(in.developer());
        List<Long> ids = in.householdIds() == null ? List.of() : in.householdIds().stream().distinct().toList();
        if (ids.isEmpty() || ids.size() > 2000) {
            throw ProblemException.badRequest("field-required", "name the owner's units", Map.of("field", "householdIds"));
        }
        if (!developer && ids.size() < 2) {
            throw ProblemException.badRequest("owner-one-unit", "an owner of one unit counts as that unit's owner: register owners of several units",
                    Map.of("field", "householdIds"));
        }
        for (Long h : ids) {
            if (h == null || grid.household(h).map(HouseholdView::compoundId).filter(c -> c == compoundId).isEmpty()) {
                throw ProblemException.badRequest("unknown-household", "no unit " + h + " in this compound", Map.of("field", "householdIds"));
            }
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into vote_owner (compound_id, name, developer, created_by_name, created_at) values (?, ?, ?, ?, ?)")
                .params(compoundId, name, developer, user.displayName(), Timestamp.from(Instant.now())).update(keys, "id");
        long id = keys.getKey().longValue();
        for (Long h : ids) {
            if (jdbc.sql("insert into vote_owner_unit (household_id, owner_id, compound_id) values (?, ?, ?) on conflict do nothing")
                    .params(h, id, compoundId).update() == 0) {
                throw ProblemException.conflict("unit-owned", "unit " + grid.household(h).map(HouseholdView::address).orElse("" + h)
                        + " is registered to another owner already");
            }
        }
        return owners(compoundId, user).stream().filter(o -> o.id() == id).findFirst().orElseThrow();
    }

    /** An owner entry with its compound, when the user runs decisions there; else 404 as if absent. */
    public Owner owner(long ownerId, GridworkUser user) {
        if (!runs(user)) {
            throw ProblemException.forbidden("only community staff and the owners committee run owners' decisions");
        }
        Long compound = jdbc.sql("select compound_id from vote_owner where id = ?").param(ownerId).query(Long.class).optional()
                .orElseThrow(() -> ProblemException.notFound("owner", ownerId));
        if (grid.node(compound).filter(n -> user.covers(n.path())).isEmpty()) {
            throw ProblemException.outOfReach("owner", ownerId);
        }
        return owners(compound, user).stream().filter(o -> o.id() == ownerId).findFirst().orElseThrow();
    }

    /**
     * Corrects an owner entry: the name, the units held and whether they are the developer's. The same rules as a new
     * entry; a unit registered to another owner is refused (409 unit-owned). Decisions opened already keep their frozen
     * register: only decisions opened afterwards count the corrected entry.
     */
    @Transactional
    public Owner updateOwner(long ownerId, NewOwner in, GridworkUser user) {
        Owner o = owner(ownerId, user);
        jdbc.sql("select id from vote_owner where id = ? for update").param(ownerId).query(Long.class).single();
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the owner as JSON");
        }
        String name = Fields.text(in.name(), "name", 200, true);
        boolean developer = Boolean.TRUE.equals(in.developer());
        List<Long> ids = checkedUnits(o.compoundId(), developer, in.householdIds());
        jdbc.sql("update vote_owner set name = ?, developer = ? where id = ?").params(name, developer, ownerId).update();
        jdbc.sql("delete from vote_owner_unit where owner_id = ?").param(ownerId).update();
        for (Long h : ids) {
            if (jdbc.sql("insert into vote_owner_unit (household_id, owner_id, compound_id) values (?, ?, ?) on conflict do nothing")
                    .params(h, ownerId, o.compoundId()).update() == 0) {
                throw ProblemException.conflict("unit-owned", "unit " + grid.household(h).map(HouseholdView::address).orElse("" + h)
                        + " is registered to another owner already");
            }
        }
        return owner(ownerId, user);
    }

    /**
     * Removes an owner entry (its units count one owner each again in decisions opened afterwards). Refused (409
     * owner-has-ballots) while a decision of the compound is open and the owner has a ballot in it.
     */
    @Transactional
    public void removeOwner(long ownerId, GridworkUser user) {
        Owner o = owner(ownerId, user);
        jdbc.sql("select id from vote_owner where id = ? for update").param(ownerId).query(Long.class).single();
        long ballots = jdbc.sql("""
                select count(*) from vote_owner_ballot b join vote_decision d on d.id = b.decision_id
                where d.compound_id = ? and d.status = 'OPEN' and b.owner_key = ?""")
                .params(o.compoundId(), o.developer() ? "D" : "O" + ownerId).query(Long.class).single();
        if (ballots > 0) {
            throw ProblemException.conflict("owner-has-ballots",
                    "this owner has voted in an open decision: the entry stays until the decision is closed");
        }
        jdbc.sql("delete from vote_owner_unit where owner_id = ?").param(ownerId).update();
        jdbc.sql("delete from vote_owner where id = ?").param(ownerId).update();
    }

    private List<Long> checkedUnits(long compoundId, boolean developer, List<Long> householdIds) {
        List<Long> ids = householdIds == null ? List.of() : householdIds.stream().distinct().toList();
        if (ids.isEmpty() || ids.size() > 2000) {
            throw ProblemException.badRequest("field-required", "name the owner's units", Map.of("field", "householdIds"));
        }
        if (!developer && ids.size() < 2) {
            throw ProblemException.badRequest("owner-one-unit", "an owner of one unit counts as that unit's owner: register owners of several units",
                    Map.of("field", "householdIds"));
        }
        for (Long h : ids) {
            if (h == null || grid.household(h).map(HouseholdView::compoundId).filter(c -> c == compoundId).isEmpty()) {
                throw ProblemException.badRequest("unknown-household", "no unit " + h + " in this compound", Map.of("field", "householdIds"));
            }
        }
        return ids;
    }

    // ---- decisions ---------------------------------------------------------------------------------------

    private static final String COLUMNS = """
            d.id, d.compound_id, g.name as compound_name, d.compound_path, d.title, d.body, d.status, d.units, d.total_area,
            d.total_owners, d.created_by_name, d.created_at, d.opened_at, d.closed_at, d.closed_by_name""";

    private Decision row(ResultSet rs, int i) throws SQLException {
        return new Decision(rs.getLong("id"), rs.getLong("compound_id"), rs.getString("compound_name"), rs.getString("compound_path"),
                rs.getString("title"), rs.getString("body"), Status.valueOf(rs.getString("status")),
                (Integer) rs.getObject("units", Integer.class), (Long) rs.getObject("total_area", Long.class),
                (Integer) rs.getObject("total_owners", Integer.class), rs.getString("created_by_name"),
                Polls.instant(rs.getTimestamp("created_at")), Polls.instant(rs.getTimestamp("opened_at")),
                Polls.instant(rs.getTimestamp("closed_at")), rs.getString("closed_by_name"), List.of());
    }

    public Optional<Decision> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from vote_decision d join v_grid_node g on g.id = d.compound_id where d.id = ?").param(id)
                .query(this::row).optional().map(this::withItems);
    }

    private Decision withItems(Decision d) {
        List<Item> items = jdbc.sql("select id, position, matter, text from vote_item where decision_id = ? order by position").param(d.id())
                .query((rs, i) -> new Item(rs.getLong(1), rs.getInt(2), Art278.Matter.valueOf(rs.getString(3)), rs.getString(4))).list();
        return new Decision(d.id(), d.compoundId(), d.compoundName(), d.compoundPath(), d.title(), d.body(), d.status(), d.units(),
                d.totalArea(), d.totalOwners(), d.createdByName(), d.createdAt(), d.openedAt(), d.closedAt(), d.closedByName(), items);
    }

    public Decision get(long id, GridworkUser user) {
        Decision d = find(id).orElseThrow(() -> ProblemException.notFound("decision", id));
        if (!sees(d, user)) {
            throw ProblemException.outOfReach("decision", id);
        }
        return d;
    }

    /** The decisions the user sees, newest first. */
    public List<Decision> visible(GridworkUser user) {
        List<Decision> out = new ArrayList<>();
        if (user.isStaff()) {
            for (String s : user.scopePaths()) {
                out.addAll(jdbc.sql("select " + COLUMNS + " from vote_decision d join v_grid_node g on g.id = d.compound_id "
                        + "where d.compound_path like ? order by d.id desc limit 100").param(s + "%").query(this::row).list());
            }
            // compounds above a micro-grid leader's scope
            for (String s : user.scopePaths()) {
                out.addAll(jdbc.sql("select " + COLUMNS + " from vote_decision d join v_grid_node g on g.id = d.compound_id "
                        + "where ? like concat(d.compound_path, '%') and d.compound_path <> ? order by d.id desc limit 100")
                        .params(s, s).query(this::row).list());
            }
        }
        reach.homeCompound(user).ifPresent(c -> out.addAll(jdbc.sql("select " + COLUMNS
                + " from vote_decision d join v_grid_node g on g.id = d.compound_id where d.compound_id = ? and d.status <> 'DRAFT' order by d.id desc limit 100")
                .param(c).query(this::row).list()));
        if (u(user)) {
            out.addAll(jdbc.sql("select " + COLUMNS + " from vote_decision d join v_grid_node g on g.id = d.compound_id where d.status <> 'DRAFT' "
                    + "and d.compound_id in (select c.compound_id from vote_owner_claim c where c.person_id = ? and c.status = 'CONFIRMED') "
                    + "order by d.id desc limit 100").param(user.personId()).query(this::row).list());
        }
        Map<Long, Decision> unique = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        out.forEach(d -> unique.putIfAbsent(d.id(), d));
        return List.copyOf(unique.values());
    }

    private static boolean u(GridworkUser user) {
        return user.has(Role.RESIDENT) && user.personId() != null;
    }

    @Transactional
    public Decision create(NewDecision in, GridworkUser user) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the decision as JSON");
        }
        if (!runs(user)) {
            throw ProblemException.forbidden("only community staff and the owners committee run owners' decisions");
        }
        GridNode compound;
        try {
            compound = runnable(in.compoundId(), user);
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw ProblemException.badRequest("unknown-compound", "no compound " + in.compoundId() + " within your grids",
                        Map.of("field", "compoundId"));
            }
            throw e;
        }
        String title = Fields.text(in.title(), "title", 200, true);
        String body = Fields.text(in.body(), "body", 4000, false);
        List<ItemIn> items = in.items() == null ? List.of() : in.items().stream().filter(i -> i != null && (i.text() != null
                && !i.text().isBlank() || i.matter() != null)).toList();
        if (items.isEmpty()) {
            throw ProblemException.badRequest("items-required", "a decision has at least one item", Map.of("field", "items"));
        }
        if (items.size() > MAX_ITEMS) {
            throw ProblemException.badRequest("items-too-many", "at most " + MAX_ITEMS + " items", Map.of("field", "items"));
        }
        for (ItemIn i : items) {
            if (i.matter() == null) {
                throw ProblemException.badRequest("field-required", "every item names its matter", Map.of("field", "matter"));
            }
            Fields.text(i.text(), "text", 2000, true);
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into vote_decision (compound_id, compound_path, title, body, status, created_by_name, created_at) values (?, ?, ?, ?, 'DRAFT', ?, ?)")
                .params(compound.id(), compound.path(), title, body, user.displayName(), Timestamp.from(Instant.now())).update(keys, "id");
        long id = keys.getKey().longValue();
        int pos = 1;
        for (ItemIn i : items) {
            jdbc.sql("insert into vote_item (decision_id, position, matter, text) values (?, ?, ?, ?)")
                    .params(id, pos++, i.matter().name(), i.text().strip()).update();
        }
        return find(id).orElseThrow();
    }

    private Decision running(long id, GridworkUser user) {
        Decision d = get(id, user);
        if (!canRun(d.compoundPath(), user)) {
            throw ProblemException.forbidden("you do not run owners' decisions of this compound");
        }
        return d;
    }

    /**
     * Opens a draft and freezes the register: every unit (household) of the compound with its exclusive area and the
     * owner it counts for. Refused (409 register-area-missing) while a unit has no exclusive area on the structure sheet.
     */
    @Transactional
    public Decision open(long id, GridworkUser user) {
        Decision d = running(id, user);
        if (jdbc.sql("update vote_decision set status = 'OPEN', opened_at = ? where id = ? and status = 'DRAFT'")
                .params(Timestamp.from(Instant.now()), id).update() == 0) {
            throw ProblemException.conflict("decision-not-draft", "the decision is open or closed already");
        }
        // one set-based read of the grid's read views (a facade call per unit would not hold for 1,800 units)
        long missing = jdbc.sql("""
                select count(*) from v_grid_household h join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                where b.compound_id = ? and (h.area_m2 is null or h.area_m2 <= 0)""").param(d.compoundId()).query(Long.class).single();
        if (missing > 0) {
            throw new ProblemException(HttpStatus.CONFLICT, "register-area-missing", missing
                    + " units of the compound have no exclusive area: enter them on the structure sheet first", Map.of("units", missing));
        }
        int n = jdbc.sql("""
                insert into vote_register (decision_id, household_id, area, owner_key, owner_name, developer, building, unit, room)
                select ?, h.id, cast(h.area_m2 * 100 as bigint),
                       case when o.developer then 'D' when o.id is not null then concat('O', cast(o.id as varchar(20)))
                            else concat('U', cast(h.id as varchar(20))) end,
                       o.name, coalesce(o.developer, false), b.number, u.number, h.room
                from v_grid_household h join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                left join vote_owner_unit ou on ou.household_id = h.id left join vote_owner o on o.id = ou.owner_id
                where b.compound_id = ?""").params(id, d.compoundId()).update();
        if (n == 0) {
            throw ProblemException.conflict("register-empty", "the compound has no units");
        }
        jdbc.sql("""
                update vote_decision set units = ?, total_area = (select sum(area) from vote_register where decision_id = ?),
                total_owners = (select count(distinct owner_key) from vote_register where decision_id = ?) where id = ?""")
                .params(n, id, id, id).update();
        return find(id).orElseThrow();
    }

    @Transactional
    public Decision close(long id, GridworkUser user) {
        running(id, user);
        if (jdbc.sql("update vote_decision set status = 'CLOSED', closed_at = ?, closed_by_name = ? where id = ? and status = 'OPEN'")
                .params(Timestamp.from(Instant.now()), user.displayName(), id).update() == 0) {
            throw ProblemException.conflict("decision-not-open", "the decision is not open");
        }
        events.publishEvent(new io.gridwork.votes.VotesEvents.VoteClosed(io.gridwork.votes.VotesApi.VoteKind.DECISION, id, user.accountId()));
        return find(id).orElseThrow();
    }

    /**
     * A paper ballot of the unit named, for its owner (all of the owner's units): refused with nothing written when the
     * decision is not open, the unit is not in the register, the owner has voted (on this or another of their units, on
     * paper or online), or an item has no choice.
     */
    @Transactional
    public Ballot cast(long id, BallotIn in, GridworkUser user) {
        Decision d = running(id, user);
        if (in == null || in.householdId() == null) {
            throw ProblemException.badRequest("field-required", "name the unit of the ballot", Map.of("field", "householdId"));
        }
        Map<Long, Choice> choices = checked(d, in.choices());
        lockOpen(d);
        String owner = jdbc.sql("select owner_key from vote_register where decision_id = ? and household_id = ?").params(id, in.householdId())
                .query(String.class).optional().orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT, "not-in-census",
                        "unit " + in.householdId() + " is not in the register of this decision"));
        return write(d, owner, in.householdId(), Channel.PAPER, choices, user);
    }

    /** The channels of an owner's ballot. */
    public enum Channel { ONLINE, PAPER }

    private Map<Long, Choice> checked(Decision d, Map<Long, Choice> in) {
        Map<Long, Choice> choices = in == null ? Map.of() : in;
        for (Long key : choices.keySet()) {
            if (d.items().stream().noneMatch(i -> i.id() == key)) {
                throw ProblemException.badRequest("unknown-item", "item " + key + " is not one of this decision's", Map.of("field", "choices"));
            }
        }
        for (Item i : d.items()) {
            if (choices.get(i.id()) == null) {
                throw ProblemException.badRequest("choice-required", "item " + i.position() + " has no choice", Map.of("field", "choices"));
            }
        }
        return choices;
    }

    /** Locks the decision's row until commit (closing waits for ballots under way); 409 unless open. */
    private void lockOpen(Decision d) {
        if (jdbc.sql("update vote_decision set status = status where id = ? and status = 'OPEN'").param(d.id()).update() == 0) {
            throw ProblemException.conflict("decision-not-open", d.status() == Status.DRAFT ? "the decision has not opened yet"
                    : "the decision is closed");
        }
    }

    private Ballot write(Decision d, String owner, long householdId, Channel channel, Map<Long, Choice> choices, GridworkUser user) {
        var keys = new GeneratedKeyHolder();
        Instant now = Instant.now();
        if (jdbc.sql("""
                insert into vote_owner_ballot (decision_id, owner_key, household_id, channel, cast_by_name, cast_at, cast_by_person)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(d.id(), owner, householdId, channel.name(), user.displayName(), Timestamp.from(now),
                        channel == Channel.ONLINE ? user.personId() : null).update(keys, "id") == 0) {
            String before = jdbc.sql("select channel from vote_owner_ballot where decision_id = ? and owner_key = ?").params(d.id(), owner)
                    .query(String.class).optional().orElse("PAPER");
            if ("ONLINE".equals(before)) {
                throw ProblemException.conflict("owner-voted-online", "the owner has voted online already (one ballot covers all their units): "
                        + (channel == Channel.PAPER ? "this paper ballot is not counted" : "a second ballot is not counted"));
            }
            if (channel == Channel.PAPER) {
                throw ProblemException.conflict("already-voted", "the owner of this unit has voted already (one ballot covers all their units)");
            }
            throw ProblemException.conflict("owner-voted-paper", "the owner's paper ballot has been entered already (one ballot covers all their "
                    + "units): an online ballot is not counted");
        }
        long ballot = keys.getKey().longValue();
        for (Item i : d.items()) {
            jdbc.sql("insert into vote_owner_choice (ballot_id, item_id, choice) values (?, ?, ?)").params(ballot, i.id(),
                    choices.get(i.id()).name()).update();
        }
        return new Ballot(ballot, d.id(), owner, householdId, user.displayName(), now);
    }

    /** What an owner holds in a decision's register: their units, the owners they count for, whether voted and how. */
    public record OwnerPart(List<RegisterRow> units, long area, List<String> ownerKeys, String votedChannel, Instant votedAt) {

        public boolean voted() {
            return votedChannel != null;
        }
    }

    /**
     * The caller's part in a decision as a confirmed owner: the register's units of the owners their confirmed units count
     * for (a registered owner of several units brings all of them); empty when they own nothing in the register.
     */
    public Optional<OwnerPart> ownerPart(Decision d, GridworkUser user) {
        if (!u(user) || d.status() == Status.DRAFT) {
            return Optional.empty();
        }
        List<String> keys = jdbc.sql("""
                select distinct r.owner_key from vote_register r join vote_owner_claim c on c.household_id = r.household_id
                where r.decision_id = ? and c.person_id = ? and c.status = 'CONFIRMED' order by r.owner_key""")
                .params(d.id(), user.personId()).query(String.class).list();
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        List<RegisterRow> units = new ArrayList<>();
        String channel = null;
        Instant at = null;
        for (String k : keys) {
            units.addAll(jdbc.sql("""
                    select r.household_id, r.building, r.unit, r.room, r.area, r.owner_key, r.owner_name, r.developer, 0
                    from vote_register r where r.decision_id = ? and r.owner_key = ? order by r.household_id""").params(d.id(), k)
                    .query((rs, i) -> new RegisterRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getBoolean(8), false)).list());
            var b = jdbc.sql("select channel, cast_at from vote_owner_ballot where decision_id = ? and owner_key = ?").params(d.id(), k)
                    .query((rs, i) -> new Object[] {rs.getString(1), Polls.instant(rs.getTimestamp(2))}).optional();
            if (b.isPresent()) {
                channel = (String) b.get()[0];
                at = (Instant) b.get()[1];
            }
        }
        return Optional.of(new OwnerPart(units, units.stream().mapToLong(RegisterRow::area).sum(), keys, channel, at));
    }

    /**
     * An owner's ballot online, on their phone: one ballot for the owner their confirmed units count for in the frozen
     * register (all of that owner's units, with their area). Refused with nothing written when the caller owns no unit
     * of the register (403 not-owner), the decision is not open, an item has no choice, or the owner has voted on
     * paper or online already (409 owner-voted-paper, owner-voted-online).
     */
    @Transactional
    public List<Ballot> castOnline(long id, Map<Long, Choice> in, GridworkUser user) {
        Decision d = get(id, user);
        Map<Long, Choice> choices = checked(d, in);
        if (!u(user)) {
            throw OwnerClaims.notOwner();
        }
        List<String[]> keys = jdbc.sql("""
                select r.owner_key, min(r.household_id) from vote_register r join vote_owner_claim c on c.household_id = r.household_id
                where r.decision_id = ? and c.person_id = ? and c.status = 'CONFIRMED' group by r.owner_key order by r.owner_key""")
                .params(id, user.personId()).query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        if (keys.isEmpty()) {
            throw OwnerClaims.notOwner();
        }
        lockOpen(d);
        List<Ballot> out = new ArrayList<>();
        // the register decides who counts: units frozen as separate owners each take this one ballot
        for (String[] k : keys) {
            out.add(write(d, k[0], Long.parseLong(k[1]), Channel.ONLINE, choices, user));
        }
        return out;
    }

    /** The frozen register (runners), optionally one building's, with whether each unit's owner has voted. */
    public List<RegisterRow> register(long id, String building, GridworkUser user) {
        Decision d = running(id, user);
        return jdbc.sql("""
                select r.household_id, r.building, r.unit, r.room, r.area, r.owner_key, r.owner_name, r.developer,
                       case when b.id is null then 0 else 1 end as voted
                from vote_register r left join vote_owner_ballot b on b.decision_id = r.decision_id and b.owner_key = r.owner_key
                where r.decision_id = ? and (cast(? as varchar(16)) is null or r.building = ?)
                order by r.household_id""").params(d.id(), building, building)
                .query((rs, i) -> new RegisterRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getInt(9) == 1)).list();
    }

    /** The buildings of a decision's register, in order, for the ballot printing picker. */
    public List<String> buildings(long id) {
        return jdbc.sql("select building from vote_register where decision_id = ? group by building order by min(household_id)")
                .param(id).query(String.class).list();
    }

    /**
     * The tally: participation by area and by owners against the register's totals, and for each item the area and
     * the owners that agreed against the participation. Two grouped queries over the register and the ballots.
     */
    public Outcome outcome(Decision d) {
        if (d.status() == Status.DRAFT) {
            return new Outcome(d, 0, null);
        }
        long[] part = jdbc.sql("""
                select coalesce(sum(r.area), 0), count(distinct b.owner_key) from vote_owner_ballot b
                join vote_register r on r.decision_id = b.decision_id and r.owner_key = b.owner_key where b.decision_id = ?""")
                .param(d.id()).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        Map<Long, long[]> byItem = new HashMap<>();
        // area: the sum over the owner's units; owners: one per ballot
        jdbc.sql("""
                select c.item_id, c.choice, coalesce(sum(a.area), 0), count(*) from vote_owner_choice c
                join vote_owner_ballot b on b.id = c.ballot_id
                join (select owner_key, sum(area) as area from vote_register where decision_id = ? group by owner_key) a on a.owner_key = b.owner_key
                where b.decision_id = ? group by c.item_id, c.choice""").params(d.id(), d.id()).query(rs -> {
                    long[] v = byItem.computeIfAbsent(rs.getLong(1), k -> new long[4]);
                    switch (Choice.valueOf(rs.getString(2))) {
                        case AGREE -> {
                            v[0] = rs.getLong(3);
                            v[1] = rs.getLong(4);
                        }
                        case OPPOSE -> v[2] = rs.getLong(4);
                        case ABSTAIN -> v[3] = rs.getLong(4);
                    }
                });
        List<Art278.ItemCount> counts = d.items().stream().map(i -> {
            long[] v = byItem.getOrDefault(i.id(), new long[4]);
            return new Art278.ItemCount(i.id(), i.matter(), v[0], v[1], v[2], v[3]);
        }).toList();
        long totalArea = d.totalArea() == null ? 0 : d.totalArea();
        long totalOwners = d.totalOwners() == null ? 0 : d.totalOwners();
        return new Outcome(d, (int) part[1], Art278.tally(totalArea, totalOwners, part[0], part[1], counts));
    }

    public boolean none() {
        return jdbc.sql("select count(*) from vote_decision").query(Long.class).single() == 0;
    }
}
