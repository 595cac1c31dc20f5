package io.gridwork.people.internal;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.people.StaffAccounts;
import io.gridwork.people.StaffEvents;
import io.gridwork.people.StaffRole;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The staff of a grid with their periods, ending an assignment, and the hand-over (交接) when someone leaves: the
 * leaving assignment ends and {@link StaffEvents.StaffHandedOver} asks the demand, campaign and notify modules to
 * move the open work of the leaving person's accounts to the successor; each answers with a
 * {@link StaffEvents.HandOverPartDone}, kept here as what the hand-over moved.
 */
@Service
@Transactional(readOnly = true)
public class StaffRoster {

    /** The modules that answer a hand-over, in the order the page shows them. */
    public static final List<String> PARTS = List.of("demands", "campaigns", "groups");

    public record StaffRow(long id, long personId, String personName, StaffRole role, Long gridId, String gridName,
            LocalDate startDate, LocalDate endDate, String endedReason, String endedBy, boolean hasAccount) {

        public boolean current() {
            LocalDate today = LocalDate.now();
            return endedReason == null && !startDate.isAfter(today) && (endDate == null || !endDate.isBefore(today));
        }
    }

    public record HandOver(long id, long fromAssignmentId, String fromName, String toName, StaffRole role, long gridId,
            String gridName, String reason, String byName, Instant at, Map<String, Integer> moved) {

        public boolean complete() {
            return moved.keySet().containsAll(PARTS);
        }
    }

    public record HandedOver(long handOverId, StaffAccounts.Provisioned account, String successorName) {
    }

    private static final String SELECT = """
            select a.id, a.person_id, p.name, a.role, a.grid_id, a.start_date, a.end_date, a.ended_reason, a.ended_by
              from staff_assignment a join person p on p.id = a.person_id""";
    private static final String RUNNING = " a.ended_reason is null and a.start_date <= current_date and (a.end_date is null or a.end_date >= current_date) ";

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final StaffRecruitment recruitment;
    private final StaffAccounts accounts;
    private final ApplicationEventPublisher events;

    private final GridRollup rollup;

    StaffRoster(JdbcClient jdbc, GridApi grid, StaffRecruitment recruitment, StaffAccounts accounts,
            ApplicationEventPublisher events, GridRollup rollup) {
        this.rollup = rollup;
        this.jdbc = jdbc;
        this.grid = grid;
        this.recruitment = recruitment;
        this.accounts = accounts;
        this.events = events;
    }

    // ---- reading ----------------------------------------------------------------------------------

    /** Staff on a grid today (and appointed for later), by role and name. */
    public List<StaffRow> current(long gridId) {
        return rows(SELECT + " where a.grid_id = ? and a.ended_reason is null and (a.end_date is null or a.end_date >= current_date)"
                + " order by a.role, p.name, a.id", gridId);
    }

    /** Ended assignments of a grid, the latest first. */
    public List<StaffRow> history(long gridId) {
        return rows(SELECT + " where a.grid_id = ? and (a.ended_reason is not null or a.end_date < current_date)"
                + " order by a.end_date desc, a.id desc", gridId);
    }

    /** Leaders and workers on a micro-grid today, by role (the rule is one leader and two or three workers). */
    public Map<StaffRole, Long> roleCounts(long gridId) {
        Map<StaffRole, Long> out = new LinkedHashMap<>();
        out.put(StaffRole.MICRO_GRID_LEADER, 0L);
        out.put(StaffRole.MICRO_GRID_WORKER, 0L);
        jdbc.sql("select a.role, count(distinct a.person_id) from staff_assignment a where a.grid_id = ? and" + RUNNING
                + "group by a.role").param(gridId)
                .query(rs -> {
                    StaffRole role = StaffRole.valueOf(rs.getString(1));
                    if (out.containsKey(role)) {
                        out.put(role, rs.getLong(2));
                    }
                });
        return out;
    }

    /** Running staff a hand-over may go to: on the grid and on the other grids under the same parent. */
    public List<StaffRow> successorsFor(StaffRow leaving) {
        GridNode node = grid.node(leaving.gridId()).orElseThrow();
        List<Long> gridIds = new ArrayList<>();
        if (node.parentId() != null) {
            grid.children(node.parentId()).forEach(c -> gridIds.add(c.id()));
        } else {
            gridIds.add(node.id());
        }
        if (gridIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where a.grid_id in (:grids) and a.person_id <> :person and" + RUNNING
                + "order by case when a.grid_id = :grid then 0 else 1 end, a.role, p.name")
                .param("grids", gridIds).param("person", leaving.personId()).param("grid", leaving.gridId())
                .query(this::map).list().stream().map(this::withGridName).toList();
    }

    public StaffRow requireAssignment(long id) {
        return jdbc.sql(SELECT + " where a.id = ?").param(id).query(this::map).optional().map(this::withGridName)
                .orElseThrow(() -> ProblemException.notFound("assignment", id));
    }

    private List<StaffRow> rows(String sql, long gridId) {
        List<StaffRow> rows = jdbc.sql(sql).param(gridId).query(this::map).list();
        return withAccounts(rows);
    }

    private List<StaffRow> withAccounts(List<StaffRow> rows) {
        Map<Long, List<Long>> acc = accounts.accountsOf(rows.stream().map(StaffRow::personId).distinct().toList());
        return rows.stream().map(r -> new StaffRow(r.id(), r.personId(), r.personName(), r.role(), r.gridId(), r.gridName(),
                r.startDate(), r.endDate(), r.endedReason(), r.endedBy(), acc.containsKey(r.personId()))).toList();
    }

    private StaffRow withGridName(StaffRow r) {
        String name = r.gridId() == null ? null : grid.node(r.gridId()).map(GridNode::name).orElse(null);
        return new StaffRow(r.id(), r.personId(), r.personName(), r.role(), r.gridId(), name, r.startDate(), r.endDate(),
                r.endedReason(), r.endedBy(), r.hasAccount());
    }

    private StaffRow map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Date end = rs.getDate("end_date");
        return new StaffRow(rs.getLong("id"), rs.getLong("person_id"), rs.getString("name"), StaffRole.valueOf(rs.getString("role")),
                rs.getObject("grid_id", Long.class), null, rs.getDate("start_date").toLocalDate(),
                end == null ? null : end.toLocalDate(), rs.getString("ended_reason"), rs.getString("ended_by"), false);
    }

    // ---- ending and handing over ------------------------------------------------------------------

    /** Ends a running assignment with a reason; the row stays as history. */
    @Transactional
    public void end(long assignmentId, String reason, GridworkUser actor) {
        StaffRow a = requireAssignment(assignmentId);
        if (a.gridId() == null) {
            throw ProblemException.notFound("grid assignment", assignmentId);
        }
        recruitment.requireDecider(a.gridId(), actor);
        endAssignment(a, requireReason(reason), actor);
    }

    /** Gives a staff member without an account one now (the password is shown once). */
    @Transactional
    public StaffAccounts.Provisioned provisionAccount(long assignmentId, String username, GridworkUser actor) {
        StaffRow a = requireAssignment(assignmentId);
        if (a.gridId() == null) {
            throw ProblemException.notFound("grid assignment", assignmentId);
        }
        recruitment.requireDecider(a.gridId(), actor);
        if (!accounts.accountsOf(List.of(a.personId())).isEmpty()) {
            throw ProblemException.conflict("account-exists", a.personName() + " already has an account");
        }
        return accounts.provision(a.personId(), a.personName(), a.role(), username);
    }

    /**
     * Hand-over: ends the leaving assignment and moves the leaving person's open work (demands, campaign visits,
     * group roles) under its grid to the successor: a running staff member ({@code successorAssignmentId}) or the
     * nominee of an open nomination of the same micro-grid ({@code successorNominationId}), appointed now. The
     * successor needs an account; one without gets it here.
     */
    @Transactional
    public HandedOver handOver(long fromAssignmentId, Long successorAssignmentId, Long successorNominationId, String reason,
            String username, GridworkUser actor) {
        StaffRow from = requireAssignment(fromAssignmentId);
        if (from.gridId() == null) {
            throw ProblemException.notFound("grid assignment", fromAssignmentId);
        }
        GridNode node = recruitment.requireDecider(from.gridId(), actor);
        if (from.endedReason() != null || (from.endDate() != null && from.endDate().isBefore(LocalDate.now()))) {
            throw ProblemException.conflict("assignment-ended", "this assignment has already ended");
        }
        String why = requireReason(reason);
        if ((successorAssignmentId == null) == (successorNominationId == null)) {
            throw ProblemException.badRequest("successor-required", "choose one successor", Map.of("field", "successor"));
        }
        long toPerson;
        String toName;
        Long toAssignment;
        StaffAccounts.Provisioned account = null;
        if (successorAssignmentId != null) {
            StaffRow to = requireAssignment(successorAssignmentId);
            boolean offered = successorsFor(from).stream().anyMatch(s -> s.id() == to.id());
            if (!offered) {
                throw ProblemException.badRequest("invalid-successor", "the successor must be running staff of this or a neighbouring grid",
                        Map.of("field", "successor"));
            }
            toPerson = to.personId();
            toName = to.personName();
            toAssignment = to.id();
        } else {
            var n = recruitment.requireNomination(successorNominationId);
            if (n.microGridId() != from.gridId() || !n.open()) {
                throw ProblemException.badRequest("invalid-successor", "the nomination must be open and for the same micro-grid",
                        Map.of("field", "successor"));
            }
            var appointed = recruitment.appoint(n.id(), LocalDate.now(), null, null, false, null, actor);
            toPerson = appointed.personId();
            toName = appointed.personName();
            toAssignment = appointed.assignmentId();
        }
        if (toPerson == from.personId()) {
            throw ProblemException.badRequest("invalid-successor", "a person cannot hand over to themselves", Map.of("field", "successor"));
        }
        Map<Long, List<Long>> acc = accounts.accountsOf(List.of(from.personId(), toPerson));
        List<Long> toAccounts = acc.getOrDefault(toPerson, List.of());
        long toAccount;
        if (toAccounts.isEmpty()) {
            StaffRole role = successorAssignmentId != null ? requireAssignment(successorAssignmentId).role() : from.role();
            account = accounts.provision(toPerson, toName, role, username);
            toAccount = account.accountId();
        } else {
            toAccount = toAccounts.getFirst();
        }
        endAssignment(from, "交接给 " + toName + "：" + why, actor);
        var keys = new GeneratedKeyHolder();
        Instant now = Instant.now();
        jdbc.sql("""
                insert into staff_handover (from_assignment_id, from_person_id, to_person_id, to_assignment_id, grid_id, reason, by_name, at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(from.id(), from.personId(), toPerson, toAssignment, from.gridId(), why, actor.displayName(), Timestamp.from(now))
                .update(keys, "id");
        long id = Objects.requireNonNull(keys.getKey()).longValue();
        events.publishEvent(new StaffEvents.StaffHandedOver(id, from.personId(), from.personName(), toPerson, toName, from.role(),
                node.id(), node.path(), node.name(), List.copyOf(acc.getOrDefault(from.personId(), List.of())), toAccount, why,
                actor.displayName(), now));
        return new HandedOver(id, account, toName);
    }

    public HandOver requireHandOver(long id) {
        return jdbc.sql("""
                select h.id, h.from_assignment_id, pf.name, pt.name, a.role, h.grid_id, h.reason, h.by_name, h.at
                  from staff_handover h
                  join person pf on pf.id = h.from_person_id
                  join person pt on pt.id = h.to_person_id
                  join staff_assignment a on a.id = h.from_assignment_id
                 where h.id = ?""").param(id)
                .query((rs, i) -> new HandOver(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        StaffRole.valueOf(rs.getString(5)), rs.getLong(6), grid.node(rs.getLong(6)).map(GridNode::name).orElse(""),
                        rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(), moved(rs.getLong(1))))
                .optional().orElseThrow(() -> ProblemException.notFound("hand-over", id));
    }

    /** Hand-overs of a grid, the latest first. */
    public List<HandOver> handOversOf(long gridId) {
        return jdbc.sql("select id from staff_handover where grid_id = ? order by id desc").param(gridId).query(Long.class).list()
                .stream().map(this::requireHandOver).toList();
    }

    private Map<String, Integer> moved(long handOverId) {
        Map<String, Integer> out = new LinkedHashMap<>();
        jdbc.sql("select part, moved from staff_handover_part where handover_id = ?").param(handOverId)
                .query(rs -> {
                    out.put(rs.getString(1), rs.getInt(2));
                });
        return out;
    }

    /** A module reported what it moved; a redelivered report changes nothing. */
    @ApplicationModuleListener
    void on(StaffEvents.HandOverPartDone e) {
        int present = jdbc.sql("select count(*) from staff_handover_part where handover_id = ? and part = ?")
                .params(e.handOverId(), e.part()).query(Integer.class).single();
        if (present == 0) {
            jdbc.sql("insert into staff_handover_part (handover_id, part, moved) values (?, ?, ?)")
                    .params(e.handOverId(), e.part(), e.moved()).update();
        }
    }

    /**
     * The last day served is yesterday, so that the leaving person's scope ends at once; an assignment that only
     * started today ends on its first day.
     */
    private void endAssignment(StaffRow a, String reason, GridworkUser actor) {
        LocalDate last = LocalDate.now().minusDays(1);
        if (last.isBefore(a.startDate())) {
            last = a.startDate();
        }
        if (a.endDate() != null && a.endDate().isBefore(last)) {
            last = a.endDate();
        }
        int changed = jdbc.sql("update staff_assignment set end_date = ?, ended_reason = ?, ended_by = ? where id = ? and ended_reason is null")
                .params(Date.valueOf(last), reason, actor.displayName(), a.id()).update();
        if (changed == 0) {
            throw ProblemException.conflict("assignment-ended", "this assignment has already ended");
        }
        // the person's accounts lose this grid at their next request
        events.publishEvent(new io.gridwork.people.StaffAssignmentChanged(a.personId()));
        if (a.gridId() != null) {
            rollup.refresh(List.of(a.gridId()));
        }
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.strip().length() < 2 || reason.strip().length() > 400) {
            throw ProblemException.badRequest("reason-required", "say why (2 to 400 characters)", Map.of("field", "reason"));
        }
        return reason.strip();
    }
}
