package io.gridwork.deliberation.internal;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.deliberation.DeliberationApi.Party;
import io.gridwork.deliberation.internal.Follow.Status;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Decisions (决议) taken on a meeting's agenda items: what, the responsible party, the owner account and the due date
 * (not before the meeting's day), followed with dated updates to completion. Overdue: the due date has passed (Beijing
 * time) and the decision is not done. Who sees one: whoever sees its meeting, the owner, and the responsible party's
 * own role within its grids; who updates one: the meeting's organisers, the owner and the responsible party's role.
 */
@Component("deliberationDecisions") // votes has a Decisions of its own
public class Decisions {

    public record Decision(long id, long meetingId, String meetingTitle, Instant meetingAt, String gridName, String gridPath,
            long agendaItemId, String agendaTitle, String title, Party party, Long ownerAccountId, String ownerName, LocalDate due,
            Status status, int progress, String closingNote, Instant closedAt, boolean overdue, List<Follow.Update> updates) {
    }

    public record NewDecision(String title, Party party, Long ownerAccountId, LocalDate due) {
    }

    private final JdbcClient jdbc;
    private final Meetings meetings;
    private final Reach reach;
    private final DelibTime time;

    Decisions(JdbcClient jdbc, Meetings meetings, Reach reach, DelibTime time) {
        this.jdbc = jdbc;
        this.meetings = meetings;
        this.reach = reach;
        this.time = time;
    }

    @Transactional
    public Decision decide(long agendaItemId, NewDecision n, GridworkUser user) {
        Long meetingId = jdbc.sql("select meeting_id from delib_agenda_item where id = ?").param(agendaItemId).query(Long.class)
                .optional().orElseThrow(() -> ProblemException.notFound("agenda item", agendaItemId));
        Meetings.Meeting m = meetings.managed(meetingId, user);
        if (m.startsAt().isAfter(time.now())) {
            throw ProblemException.conflict("delib-meeting-not-begun", "decisions are recorded once the meeting has begun");
        }
        if (n == null) {
            throw ProblemException.badRequest("field-required", "title is required", Map.of("field", "title"));
        }
        String title = Reach.text(n.title(), 300, "title", true);
        if (n.party() == null) {
            throw ProblemException.badRequest("field-required", "party is required", Map.of("field", "party"));
        }
        if (n.ownerAccountId() != null) {
            reach.requireAccount(n.ownerAccountId(), "ownerAccountId");
        }
        if (n.due() == null) {
            throw ProblemException.badRequest("field-required", "due is required", Map.of("field", "due"));
        }
        if (n.due().isBefore(m.day())) {
            throw ProblemException.badRequest("delib-due-before-meeting", "a decision falls due on or after the meeting's day",
                    Map.of("field", "due"));
        }
        long id = DelibTime.insert(jdbc.sql("""
                insert into delib_decision (meeting_id, agenda_item_id, title, party, owner_account_id, due_date, status, progress,
                                            created_by, created_at)
                values (?, ?, ?, ?, ?, ?, 'OPEN', 0, ?, ?)""")
                .params(meetingId, agendaItemId, title, n.party().name(), n.ownerAccountId(), Date.valueOf(n.due()), user.accountId(),
                        DelibTime.ts(time.now())));
        return find(id).orElseThrow();
    }

    public boolean sees(Decision d, GridworkUser user) {
        if (d.ownerAccountId() != null && d.ownerAccountId() == user.accountId() || Reach.staffReaches(d.gridPath(), user)) {
            return true;
        }
        return meetings.find(d.meetingId()).map(m -> m.invited(user.accountId())).orElse(false);
    }

    public boolean mayUpdate(Decision d, GridworkUser user) {
        return Reach.acts(d.gridPath(), d.party(), d.ownerAccountId(), user);
    }

    public Decision get(long id, GridworkUser user) {
        Decision d = find(id).orElseThrow(() -> ProblemException.notFound("decision", id));
        if (!sees(d, user)) {
            throw ProblemException.outOfReach("decision", id);
        }
        return d;
    }

    /** A dated update; DONE closes the decision with the note. */
    @Transactional
    public Decision update(long id, String status, Integer progress, String note, GridworkUser user) {
        Decision d = get(id, user);
        if (!mayUpdate(d, user)) {
            throw ProblemException.forbidden("the organisers, the owner and the responsible party update a decision");
        }
        jdbc.sql("select id from delib_decision where id = ? for update").param(id).query(Long.class).single();
        d = find(id).orElseThrow();
        Follow.Change c = Follow.check(status, progress, note, d.status(), d.progress());
        if (jdbc.sql("select count(*) from delib_result where decision_id = ?").param(id).query(Long.class).single() > 0) {
            // with results the progress is their weighted mean: an update adds a dated note, it never sets the figure
            if (progress != null) {
                throw ProblemException.conflict("delib-progress-from-results",
                        "this decision's progress is computed from its results; update the results, not the figure");
            }
            if (c.status() == Status.DONE && d.progress() < 100) {
                throw ProblemException.conflict("delib-results-unfinished", "the results are not all done; the decision closes at 100%");
            }
            c = new Follow.Change(c.status(), d.progress(), c.note());
        }
        Instant now = time.now();
        int changed = jdbc.sql("""
                update delib_decision set status = ?, progress = ?, closing_note = ?, closed_at = ? where id = ? and status <> 'DONE'""")
                .params(c.status().name(), c.progress(), c.status() == Status.DONE ? c.note() : null,
                        c.status() == Status.DONE ? DelibTime.ts(now) : null, id).update();
        if (changed == 0) {
            throw ProblemException.conflict("delib-already-done", "this is done; its closing note is final");
        }
        jdbc.sql("insert into delib_decision_update (decision_id, status, progress, note, updated_by, updated_at) values (?, ?, ?, ?, ?, ?)")
                .params(id, c.status().name(), c.progress(), c.note(), user.accountId(), DelibTime.ts(now)).update();
        return find(id).orElseThrow();
    }

    /** Several decisions updated with one status and note, all or none (any refusal rolls the others back). */
    @Transactional
    public List<Decision> bulk(List<Long> ids, String status, Integer progress, String note, GridworkUser user) {
        if (ids == null || ids.isEmpty()) {
            throw ProblemException.badRequest("delib-none-chosen", "choose at least one decision", Map.of("field", "ids"));
        }
        if (ids.size() > 200) {
            throw ProblemException.badRequest("delib-too-many", "at most 200 decisions at once", Map.of("field", "ids"));
        }
        List<Decision> out = new ArrayList<>();
        for (Long id : ids.stream().distinct().sorted().toList()) {
            out.add(update(id, status, progress, note, user));
        }
        return out;
    }

    /**
     * The decisions a user follows, overdue first (then by due date, done last; at most 500): organisers and supervisors
     * all of the grids they reach, each party's role those assigned to its party, and everyone those they own.
     */
    public List<Decision> followed(GridworkUser user) {
        List<Object> params = new ArrayList<>();
        String where = Reach.reachSql(user, params) + " or d.owner_account_id = ?";
        params.add(user.accountId());
        var parties = Reach.partiesOf(user);
        boolean all = Reach.organiser(user);
        return load("where " + where + " order by d.due_date, d.id limit 2000", params.toArray()).stream()
                .filter(d -> d.ownerAccountId() != null && d.ownerAccountId() == user.accountId()
                        || Reach.staffReaches(d.gridPath(), user) && (all || parties.contains(d.party())))
                .sorted(ORDER).limit(500).toList();
    }

    /** Overdue decisions of the grids a supervisor reaches (the community's supervision board). */
    public List<Decision> overdue(GridworkUser user) {
        if (!Reach.supervisor(user)) {
            throw ProblemException.forbidden("the overdue list is for community staff");
        }
        List<Object> params = new ArrayList<>();
        String where = Reach.reachSql(user, params);
        params.add(Date.valueOf(time.today()));
        return load("where " + where + " and d.status <> 'DONE' and d.due_date < ? order by d.due_date, d.id limit 500", params.toArray())
                .stream().filter(d -> Reach.staffReaches(d.gridPath(), user)).toList();
    }

    public List<Decision> ofMeeting(long meetingId) {
        return load("where d.meeting_id = ? order by d.id", meetingId);
    }

    static final Comparator<Decision> ORDER = Comparator.comparing((Decision d) -> !d.overdue())
            .thenComparing(d -> d.status() == Status.DONE).thenComparing(Decision::due).thenComparing(Decision::id);

    public Optional<Decision> find(long id) {
        return load("where d.id = ?", id).stream().findFirst().map(d -> {
            List<Follow.Update> updates = jdbc.sql("""
                    select status, progress, note, updated_by, updated_at from delib_decision_update where decision_id = ? order by id""")
                    .param(id).query((rs, i) -> new Follow.Update(Status.valueOf(rs.getString(1)), rs.getInt(2), rs.getString(3),
                            rs.getLong(4), null, DelibTime.instant(rs.getTimestamp(5)))).list();
            Map<Long, String> names = reach.names(updates.stream().map(Follow.Update::by).toList());
            d.updates().addAll(updates.stream().map(u -> new Follow.Update(u.status(), u.progress(), u.note(), u.by(),
                    names.getOrDefault(u.by(), ""), u.at())).toList());
            return d;
        });
    }

    private List<Decision> load(String where, Object... params) {
        LocalDate today = time.today();
        // the grid's name and path come from grid_node (read-only join), as the meeting's do
        List<Decision> raw = jdbc.sql("""
                select d.id, d.meeting_id, m.title, m.starts_at, g.name, g.path, d.agenda_item_id, a.title, d.title, d.party,
                       d.owner_account_id, d.due_date, d.status, d.progress, d.closing_note, d.closed_at
                  from delib_decision d join delib_meeting m on m.id = d.meeting_id join v_grid_node g on g.id = m.grid_id
                  join delib_agenda_item a on a.id = d.agenda_item_id""" + " " + where)
                .params(params)
                .query((rs, i) -> {
                    LocalDate due = rs.getDate(12).toLocalDate();
                    Status s = Status.valueOf(rs.getString(13));
                    return new Decision(rs.getLong(1), rs.getLong(2), rs.getString(3), DelibTime.instant(rs.getTimestamp(4)),
                            rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8), rs.getString(9), Party.valueOf(rs.getString(10)),
                            rs.getObject(11, Long.class), null, due, s, rs.getInt(14), rs.getString(15), DelibTime.instant(rs.getTimestamp(16)),
                            s != Status.DONE && due.isBefore(today), new ArrayList<>());
                }).list();
        Map<Long, String> names = reach.names(raw.stream().map(Decision::ownerAccountId).toList());
        return raw.stream().map(d -> new Decision(d.id(), d.meetingId(), d.meetingTitle(), d.meetingAt(), d.gridName(), d.gridPath(),
                d.agendaItemId(), d.agendaTitle(), d.title(), d.party(), d.ownerAccountId(),
                d.ownerAccountId() == null ? null : names.getOrDefault(d.ownerAccountId(), ""), d.due(), d.status(), d.progress(),
                d.closingNote(), d.closedAt(), d.overdue(), d.updates())).toList();
    }
}
