package io.gridwork.people.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonView;
import io.gridwork.people.StaffAccounts;
import io.gridwork.people.StaffRole;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Recruiting micro-grid leaders and workers (网格员选聘): a resident nominates themselves (自荐) or recommends a
 * neighbour of the same micro-grid (居民推荐), staff may record a recommendation too; community staff appoint
 * (a staff assignment for a period, and an account at once if wanted) or decline with a reason; compound
 * leaders and community staff comment.
 */
@Service
@Transactional(readOnly = true)
public class StaffRecruitment {

    /** Roles a micro-grid recruits. */
    public static final Set<StaffRole> RECRUITED = EnumSet.of(StaffRole.MICRO_GRID_LEADER, StaffRole.MICRO_GRID_WORKER);

    /** Who decides on nominations and hands over: community staff, street staff and admins within scope. */
    static final Set<Role> DECIDERS = EnumSet.of(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);

    /** Who sees the nominations of a micro-grid and comments on them. */
    static final Set<Role> REVIEWERS = EnumSet.of(Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);

    public record Comment(String authorName, String body, Instant at) {
    }

    public record Nomination(long id, long microGridId, StaffRole role, String kind, Long personId, String nomineeName,
            Long householdId, String address, String statement, String nominatedByName, String status,
            String decidedByName, Instant decidedAt, String decisionReason, Long assignmentId, Instant createdAt,
            List<Comment> comments, List<PersonView> householdMembers) {

        public boolean open() {
            return "OPEN".equals(status);
        }

        public boolean self() {
            return "SELF".equals(kind);
        }
    }

    /** The result of an appointment: the assignment, and the account when one was made or given the role. */
    public record Appointed(long assignmentId, long personId, String personName, StaffAccounts.Provisioned account) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final PeopleApi people;
    private final StaffAccounts accounts;

    StaffRecruitment(JdbcClient jdbc, GridApi grid, PeopleApi people, StaffAccounts accounts) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.people = people;
        this.accounts = accounts;
    }

    // ---- nominating -------------------------------------------------------------------------------

    /** The micro-grid of the resident's own household. */
    public Optional<GridNode> microGridOf(GridworkUser resident) {
        if (resident.householdId() == null) {
            return Optional.empty();
        }
        return grid.household(resident.householdId()).map(HouseholdView::microGridId).flatMap(grid::node);
    }

    /** 自荐: a signed-in resident nominates themselves for their own micro-grid. */
    @Transactional
    public long nominateSelf(Long microGridId, StaffRole role, String statement, GridworkUser resident) {
        requireRecruited(role);
        GridNode own = microGridOf(resident).orElseThrow(() -> ProblemException.forbidden(
                "only a resident registered in a household of a micro-grid may nominate themselves"));
        if (resident.personId() == null) {
            throw ProblemException.forbidden("your account is not linked to a person of the register");
        }
        if (microGridId != null && microGridId != own.id()) {
            throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, "outside-micro-grid",
                    "residents nominate for their own micro-grid only");
        }
        String text = requireStatement(statement);
        String name = people.person(resident.personId()).map(PersonView::name).orElse(resident.displayName());
        requireNoOpenNomination(own.id(), role, resident.personId(), null, null);
        return insert(own.id(), role, "SELF", resident.personId(), name, resident.householdId(), text, resident);
    }

    /**
     * 居民推荐: a resident recommends a neighbour of the same micro-grid by name and room, or staff covering the
     * micro-grid record a recommendation. The name is matched to the household's register silently; the match is
     * never shown to the resident.
     */
    @Transactional
    public long recommend(long householdId, String nomineeName, StaffRole role, String statement, GridworkUser actor) {
        requireRecruited(role);
        if (nomineeName == null || nomineeName.isBlank() || nomineeName.strip().length() > 100) {
            throw ProblemException.badRequest("nominee-name-required", "name the person you recommend",
                    Map.of("field", "nomineeName"));
        }
        HouseholdView household = grid.household(householdId).orElseThrow(() -> ProblemException.badRequest(
                "unknown-household", "there is no such room", Map.of("field", "householdId")));
        if (household.microGridId() == null) {
            throw ProblemException.badRequest("no-micro-grid", "this room belongs to no micro-grid", Map.of("field", "householdId"));
        }
        GridNode micro = grid.node(household.microGridId()).orElseThrow();
        boolean staff = actor.roles().stream().anyMatch(REVIEWERS::contains) || actor.has(Role.GRID_LEADER)
                || actor.has(Role.GRID_WORKER);
        if (staff && actor.covers(micro.path())) {
            // staff of the micro-grid record a recommendation they received
        } else {
            GridNode own = microGridOf(actor).orElse(null);
            if (own == null || own.id() != micro.id()) {
                throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, "outside-micro-grid",
                        "residents recommend neighbours of their own micro-grid only");
            }
        }
        String name = nomineeName.strip();
        String text = requireStatement(statement);
        List<Long> matches = people.membersOf(householdId).stream().filter(p -> p.name().equals(name)).map(PersonView::id)
                .toList();
        Long personId = matches.size() == 1 ? matches.getFirst() : null;
        requireNoOpenNomination(micro.id(), role, personId, householdId, name);
        return insert(micro.id(), role, "RECOMMENDED", personId, name, householdId, text, actor);
    }

    private long insert(long microGridId, StaffRole role, String kind, Long personId, String name, Long householdId,
            String statement, GridworkUser by) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into staff_nomination (micro_grid_id, role, kind, person_id, nominee_name, household_id, statement,
                                              nominated_by_person, nominated_by_name)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(microGridId, role.name(), kind, personId, name, householdId, statement, by.personId(), by.displayName())
                .update(keys, "id");
        return Objects.requireNonNull(keys.getKey()).longValue();
    }

    private void requireNoOpenNomination(long microGridId, StaffRole role, Long personId, Long householdId, String name) {
        long open = jdbc.sql("""
                select count(*) from staff_nomination
                 where micro_grid_id = ? and role = ? and status = 'OPEN'
                   and (person_id = ? or (household_id = ? and nominee_name = ?))""")
                .params(microGridId, role.name(), personId, householdId, name).query(Long.class).single();
        if (open > 0) {
            throw ProblemException.conflict("duplicate-nomination", "this person already has an open nomination for this role");
        }
    }

    private static void requireRecruited(StaffRole role) {
        if (role == null || !RECRUITED.contains(role)) {
            throw ProblemException.badRequest("invalid-staff-role", "a micro-grid recruits a leader or workers",
                    Map.of("field", "role"));
        }
    }

    private static String requireStatement(String statement) {
        if (statement == null || statement.strip().length() < 2) {
            throw ProblemException.badRequest("statement-required", "say in a few words why (at least 2 characters)",
                    Map.of("field", "statement"));
        }
        if (statement.strip().length() > 1000) {
            throw ProblemException.badRequest("statement-too-long", "at most 1000 characters", Map.of("field", "statement"));
        }
        return statement.strip();
    }

    // ---- deciding ---------------------------------------------------------------------------------

    /**
     * Appoints the nominee for a period: a staff assignment on the micro-grid, and (when {@code withAccount}) an
     * account at once. A recommendation whose name did not match the register needs {@code personId}, a current
     * member of the named household. Bad input changes nothing.
     */
    @Transactional
    public Appointed appoint(long nominationId, LocalDate start, LocalDate end, Long personId, boolean withAccount,
            String username, GridworkUser actor) {
        Nomination n = requireNomination(nominationId);
        requireDecider(n.microGridId(), actor);
        requireOpen(n);
        long person = resolvePerson(n, personId);
        long assignment = people.assign(person, n.role(), n.microGridId(), null, null, start, end);
        decide(n.id(), "APPOINTED", null, assignment, actor);
        String name = people.person(person).map(PersonView::name).orElse(n.nomineeName());
        StaffAccounts.Provisioned account = withAccount ? accounts.provision(person, name, n.role(), username) : null;
        return new Appointed(assignment, person, name, account);
    }

    @Transactional
    public void decline(long nominationId, String reason, GridworkUser actor) {
        Nomination n = requireNomination(nominationId);
        requireDecider(n.microGridId(), actor);
        requireOpen(n);
        if (reason == null || reason.strip().length() < 2 || reason.strip().length() > 500) {
            throw ProblemException.badRequest("reason-required", "say why the nomination is declined", Map.of("field", "reason"));
        }
        decide(n.id(), "DECLINED", reason.strip(), null, actor);
    }

    @Transactional
    public void comment(long nominationId, String body, GridworkUser actor) {
        Nomination n = requireNomination(nominationId);
        requireReviewer(n.microGridId(), actor);
        if (body == null || body.isBlank() || body.strip().length() > 1000) {
            throw ProblemException.badRequest("comment-required", "write a comment (at most 1000 characters)",
                    Map.of("field", "body"));
        }
        jdbc.sql("insert into staff_nomination_comment (nomination_id, author_name, body) values (?, ?, ?)")
                .params(n.id(), actor.displayName(), body.strip()).update();
    }

    private void decide(long id, String status, String reason, Long assignmentId, GridworkUser actor) {
        int changed = jdbc.sql("""
                update staff_nomination set status = ?, decision_reason = ?, assignment_id = ?, decided_by_name = ?, decided_at = ?
                 where id = ? and status = 'OPEN'""")
                .params(status, reason, assignmentId, actor.displayName(), Timestamp.from(Instant.now()), id).update();
        if (changed == 0) {
            throw ProblemException.conflict("nomination-decided", "this nomination has already been decided");
        }
    }

    private long resolvePerson(Nomination n, Long personId) {
        if (n.personId() != null) {
            return n.personId();
        }
        if (personId == null || n.householdId() == null
                || people.membersOf(n.householdId()).stream().noneMatch(p -> p.id() == personId)) {
            throw ProblemException.badRequest("nominee-unmatched",
                    "choose the recommended person among the residents of the room", Map.of("field", "personId"));
        }
        return personId;
    }

    private static void requireOpen(Nomination n) {
        if (!n.open()) {
            throw ProblemException.conflict("nomination-decided", "this nomination has already been decided");
        }
    }

    GridNode requireDecider(long gridId, GridworkUser actor) {
        GridNode node = grid.node(gridId).orElseThrow(() -> ProblemException.notFound("grid", gridId));
        if (actor.roles().stream().noneMatch(DECIDERS::contains)) {
            throw ProblemException.forbidden("appointments are decided by community or street staff");
        }
        if (!actor.covers(node.path())) {
            throw ProblemException.outOfReach("grid", gridId);
        }
        return node;
    }

    /** Compound leaders, community and street staff, admins covering the grid. */
    public GridNode requireReviewerOf(long gridId, GridworkUser actor) {
        return requireReviewer(gridId, actor);
    }

    GridNode requireReviewer(long gridId, GridworkUser actor) {
        GridNode node = grid.node(gridId).orElseThrow(() -> ProblemException.notFound("grid", gridId));
        if (actor.roles().stream().noneMatch(REVIEWERS::contains)) {
            throw ProblemException.forbidden("nominations are reviewed by compound leaders, community or street staff");
        }
        if (!actor.covers(node.path())) {
            throw ProblemException.outOfReach("grid", gridId);
        }
        return node;
    }

    // ---- reading ----------------------------------------------------------------------------------

    private static final String SELECT = """
            select id, micro_grid_id, role, kind, person_id, nominee_name, household_id, statement, nominated_by_name, status,
                   decided_by_name, decided_at, decision_reason, assignment_id, created_at
              from staff_nomination""";

    public Nomination requireNomination(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(this::map).optional()
                .orElseThrow(() -> ProblemException.notFound("nomination", id));
    }

    /** Nominations of a micro-grid: open ones first, then the decided, newest first. */
    public List<Nomination> nominationsOf(long microGridId, boolean withMembers) {
        List<Nomination> list = jdbc.sql(SELECT + " where micro_grid_id = ? order by case status when 'OPEN' then 0 else 1 end, id desc")
                .param(microGridId).query(this::map).list();
        if (!withMembers) {
            return list;
        }
        List<Nomination> out = new ArrayList<>();
        for (Nomination n : list) {
            List<PersonView> members = n.open() && n.personId() == null && n.householdId() != null
                    ? people.membersOf(n.householdId()) : List.of();
            out.add(new Nomination(n.id(), n.microGridId(), n.role(), n.kind(), n.personId(), n.nomineeName(), n.householdId(),
                    n.address(), n.statement(), n.nominatedByName(), n.status(), n.decidedByName(), n.decidedAt(),
                    n.decisionReason(), n.assignmentId(), n.createdAt(), n.comments(), members));
        }
        return out;
    }

    /** Open nominations per micro-grid (id → count) for the grids given. */
    public Map<Long, Long> openCounts(List<Long> microGridIds) {
        Map<Long, Long> out = new java.util.HashMap<>();
        if (microGridIds.isEmpty()) {
            return out;
        }
        jdbc.sql("select micro_grid_id, count(*) from staff_nomination where status = 'OPEN' and micro_grid_id in (:ids) group by micro_grid_id")
                .param("ids", microGridIds).query(rs -> {
                    out.put(rs.getLong(1), rs.getLong(2));
                });
        return out;
    }

    /** What a resident nominated or was nominated for (their own page). */
    public List<Nomination> nominationsBy(GridworkUser resident) {
        if (resident.personId() == null) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where nominated_by_person = ? or (person_id = ? and kind = 'SELF') order by id desc")
                .params(resident.personId(), resident.personId()).query(this::map).list();
    }

    private Nomination map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        long id = rs.getLong("id");
        Long householdId = rs.getObject("household_id", Long.class);
        String address = householdId == null ? null : grid.household(householdId).map(HouseholdView::address).orElse(null);
        List<Comment> comments = jdbc.sql("select author_name, body, created_at from staff_nomination_comment where nomination_id = ? order by id")
                .param(id).query((c, i) -> new Comment(c.getString(1), c.getString(2), c.getTimestamp(3).toInstant())).list();
        Timestamp decided = rs.getTimestamp("decided_at");
        return new Nomination(id, rs.getLong("micro_grid_id"), StaffRole.valueOf(rs.getString("role")), rs.getString("kind"),
                rs.getObject("person_id", Long.class), rs.getString("nominee_name"), householdId, address,
                rs.getString("statement"), rs.getString("nominated_by_name"), rs.getString("status"),
                rs.getString("decided_by_name"), decided == null ? null : decided.toInstant(), rs.getString("decision_reason"),
                rs.getObject("assignment_id", Long.class), rs.getTimestamp("created_at").toInstant(), comments, List.of());
    }

    static boolean isMicro(GridNode node) {
        return node.level() == GridLevel.MICRO;
    }
}
