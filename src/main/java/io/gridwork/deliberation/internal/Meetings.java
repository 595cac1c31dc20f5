package io.gridwork.deliberation.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.deliberation.DeliberationApi.Attendance;
import io.gridwork.deliberation.DeliberationApi.MeetingKind;
import io.gridwork.deliberation.DeliberationEvents;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Meetings: created by an organiser on a community or compound grid, with agenda items, invitees (an in-app notice
 * each, through {@link DeliberationEvents.MeetingInvited}), attendance once the meeting has begun, and minutes. The
 * minutes are written after the meeting began and published once; every write on them is conditional on their not
 * being published, so published minutes never change whatever races them; a correction is an addendum.
 */
@Component
public class Meetings {

    public record AgendaItem(long id, int position, String title, String detail) {
    }

    public record Invitee(long accountId, String name, Attendance attendance) {
    }

    public record Addendum(long id, String body, String byName, Instant at) {
    }

    public record Meeting(long id, long gridId, String gridName, String gridPath, MeetingKind kind, String title, String place,
            Instant startsAt, String minutes, Instant minutesPublishedAt, long createdBy, List<AgendaItem> agenda,
            List<Invitee> invitees, List<Addendum> addenda) {

        public boolean published() {
            return minutesPublishedAt != null;
        }

        public LocalDate day() {
            return startsAt.atZone(DelibTime.ZONE).toLocalDate();
        }

        public boolean invited(long accountId) {
            return invitees.stream().anyMatch(i -> i.accountId() == accountId);
        }
    }

    public record Summary(long id, String gridName, MeetingKind kind, String title, String place, Instant startsAt,
            boolean published, int invitees, int decisions) {
    }

    public record NewMeeting(Long gridId, MeetingKind kind, String title, String place, Instant startsAt) {
    }

    private final JdbcClient jdbc;
    private final Reach reach;
    private final DelibTime time;
    private final ApplicationEventPublisher events;

    Meetings(JdbcClient jdbc, Reach reach, DelibTime time, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.reach = reach;
        this.time = time;
        this.events = events;
    }

    // ---- reading --------------------------------------------------------------------------------

    /** Staff reaching the meeting's grid and the invitees see a meeting. */
    public boolean sees(Meeting m, GridworkUser user) {
        return Reach.staffReaches(m.gridPath(), user) || m.invited(user.accountId());
    }

    public Meeting get(long id, GridworkUser user) {
        Meeting m = find(id).orElseThrow(() -> ProblemException.notFound("meeting", id));
        if (!sees(m, user)) {
            throw ProblemException.outOfReach("meeting", id);
        }
        return m;
    }

    /** The meeting, which the user organises: 404 when out of reach, 403 when seen but not theirs to run. */
    public Meeting managed(long id, GridworkUser user) {
        Meeting m = get(id, user);
        if (!manages(m, user)) {
            throw ProblemException.forbidden("the meeting's organisers run it");
        }
        return m;
    }

    public boolean manages(Meeting m, GridworkUser user) {
        return Reach.organises(m.gridPath(), user);
    }

    public Optional<Meeting> find(long id) {
        // the grid's name and path are read from grid_node (read-only, one row) so that a moved grid needs no copy rewritten
        Optional<Meeting> head = jdbc.sql("""
                select m.id, m.grid_id, g.name, g.path, m.kind, m.title, m.place, m.starts_at, m.minutes, m.minutes_published_at,
                       m.created_by
                  from delib_meeting m join v_grid_node g on g.id = m.grid_id where m.id = ?""")
                .param(id)
                .query((rs, i) -> new Meeting(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        MeetingKind.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), DelibTime.instant(rs.getTimestamp(8)),
                        rs.getString(9), DelibTime.instant(rs.getTimestamp(10)), rs.getLong(11), new ArrayList<>(), new ArrayList<>(),
                        new ArrayList<>()))
                .optional();
        head.ifPresent(m -> {
            m.agenda().addAll(jdbc.sql("select id, position, title, detail from delib_agenda_item where meeting_id = ? order by position")
                    .param(id).query((rs, i) -> new AgendaItem(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4))).list());
            List<Object[]> inv = jdbc.sql("select account_id, attendance from delib_invitee where meeting_id = ? order by invited_at, account_id")
                    .param(id).query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).list();
            List<Object[]> add = jdbc.sql("select id, body, added_by, added_at from delib_minutes_addendum where meeting_id = ? order by id")
                    .param(id).query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4)}).list();
            List<Long> ids = new ArrayList<>();
            inv.forEach(r -> ids.add((Long) r[0]));
            add.forEach(r -> ids.add((Long) r[2]));
            Map<Long, String> names = reach.names(ids);
            inv.forEach(r -> m.invitees().add(new Invitee((Long) r[0], names.getOrDefault((Long) r[0], ""),
                    r[1] == null ? null : Attendance.valueOf((String) r[1]))));
            add.forEach(r -> m.addenda().add(new Addendum((Long) r[0], (String) r[1], names.getOrDefault((Long) r[2], ""),
                    ((java.sql.Timestamp) r[3]).toInstant())));
        });
        return head;
    }

    /** The meetings a user sees, latest first (at most 200): staff those of grids they reach, everyone those they are invited to. */
    public List<Summary> visible(GridworkUser user) {
        List<Object> params = new ArrayList<>();
        String where = Reach.reachSql(user, params);
        params.add(user.accountId());
        return jdbc.sql("""
                select m.id, g.name, m.kind, m.title, m.place, m.starts_at, m.minutes_published_at,
                       (select count(*) from delib_invitee i where i.meeting_id = m.id),
                       (select count(*) from delib_decision d where d.meeting_id = m.id)
                  from delib_meeting m join v_grid_node g on g.id = m.grid_id
                 where""" + " " + where + " or m.id in (select meeting_id from delib_invitee where account_id = ?)"
                + " order by m.starts_at desc, m.id desc limit 200")
                .params(params.toArray())
                .query((rs, i) -> new Summary(rs.getLong(1), rs.getString(2), MeetingKind.valueOf(rs.getString(3)), rs.getString(4),
                        rs.getString(5), DelibTime.instant(rs.getTimestamp(6)), rs.getTimestamp(7) != null, rs.getInt(8), rs.getInt(9)))
                .list();
    }

    // ---- changing -------------------------------------------------------------------------------

    @Transactional
    public Meeting create(NewMeeting n, GridworkUser user) {
        if (n == null) {
            throw ProblemException.badRequest("field-required", "gridId is required", Map.of("field", "gridId"));
        }
        if (!Reach.organiser(user)) {
            throw ProblemException.forbidden("organisers hold meetings");
        }
        GridNode g = reach.meetingGrid(n.gridId(), user);
        if (n.kind() == null) {
            throw ProblemException.badRequest("field-required", "kind is required", Map.of("field", "kind"));
        }
        String title = Reach.text(n.title(), 200, "title", true);
        String place = Reach.text(n.place(), 200, "place", false);
        if (n.startsAt() == null) {
            throw ProblemException.badRequest("field-required", "startsAt is required", Map.of("field", "startsAt"));
        }
        long id = DelibTime.insert(jdbc.sql("""
                insert into delib_meeting (grid_id, kind, title, place, starts_at, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?)""")
                .params(g.id(), n.kind().name(), title, place, DelibTime.ts(n.startsAt()), user.accountId(), DelibTime.ts(time.now())));
        return find(id).orElseThrow();
    }

    @Transactional
    public AgendaItem addAgendaItem(long id, String title, String detail, GridworkUser user) {
        Meeting m = lock(id, user);
        requireUnpublished(m);
        String t = Reach.text(title, 200, "title", true);
        String d = Reach.text(detail, 2000, "detail", false);
        if (m.agenda().size() >= 50) {
            throw ProblemException.conflict("delib-agenda-full", "a meeting has at most 50 agenda items");
        }
        int position = m.agenda().size() + 1;
        long itemId = DelibTime.insert(jdbc.sql("insert into delib_agenda_item (meeting_id, position, title, detail) values (?, ?, ?, ?)")
                .params(id, position, t, d));
        return new AgendaItem(itemId, position, t, d);
    }

    @Transactional
    public Meeting invite(long id, Long accountId, GridworkUser user) {
        Meeting m = lock(id, user);
        requireUnpublished(m);
        reach.requireAccount(accountId, "accountId");
        reach.requireInGrid(accountId, m.gridPath());
        if (m.invited(accountId)) {
            throw ProblemException.conflict("delib-already-invited", "this account is invited already");
        }
        if (m.invitees().size() >= 500) {
            throw ProblemException.conflict("delib-invitees-full", "a meeting has at most 500 invitees");
        }
        jdbc.sql("insert into delib_invitee (meeting_id, account_id, invited_by, invited_at) values (?, ?, ?, ?)")
                .params(id, accountId, user.accountId(), DelibTime.ts(time.now())).update();
        events.publishEvent(new DeliberationEvents.MeetingInvited(id, m.title(), m.startsAt(), m.place(), List.of(accountId)));
        return find(id).orElseThrow();
    }

    @Transactional
    public Meeting recordAttendance(long id, Long accountId, Attendance attendance, GridworkUser user) {
        Meeting m = lock(id, user);
        requireUnpublished(m);
        if (attendance == null) {
            throw ProblemException.badRequest("field-required", "attendance is required", Map.of("field", "attendance"));
        }
        if (accountId == null || !m.invited(accountId)) {
            throw ProblemException.badRequest("delib-not-invited", "attendance is recorded for the meeting's invitees",
                    Map.of("field", "accountId"));
        }
        requireBegun(m);
        jdbc.sql("update delib_invitee set attendance = ? where meeting_id = ? and account_id = ?")
                .params(attendance.name(), id, accountId).update();
        return find(id).orElseThrow();
    }

    @Transactional
    public Meeting writeMinutes(long id, String minutes, GridworkUser user) {
        Meeting m = lock(id, user);
        requireUnpublished(m);
        requireBegun(m);
        String text = Reach.text(minutes, 20000, "minutes", true);
        int changed = jdbc.sql("update delib_meeting set minutes = ? where id = ? and minutes_published_at is null")
                .params(text, id).update();
        if (changed == 0) {
            throw published();
        }
        return find(id).orElseThrow();
    }

    @Transactional
    public Meeting publishMinutes(long id, GridworkUser user) {
        Meeting m = lock(id, user);
        requireUnpublished(m);
        if (m.minutes() == null) {
            throw ProblemException.badRequest("delib-minutes-empty", "write the minutes before publishing them", Map.of("field", "minutes"));
        }
        int changed = jdbc.sql("""
                update delib_meeting set minutes_published_at = ?, minutes_published_by = ?
                 where id = ? and minutes_published_at is null and minutes is not null""")
                .params(DelibTime.ts(time.now()), user.accountId(), id).update();
        if (changed == 0) {
            throw published();
        }
        return find(id).orElseThrow();
    }

    @Transactional
    public Meeting addAddendum(long id, String body, GridworkUser user) {
        Meeting m = lock(id, user);
        if (!m.published()) {
            throw ProblemException.conflict("delib-minutes-unpublished", "an addendum corrects published minutes; edit the draft instead");
        }
        String text = Reach.text(body, 5000, "body", true);
        jdbc.sql("insert into delib_minutes_addendum (meeting_id, body, added_by, added_at) values (?, ?, ?, ?)")
                .params(id, text, user.accountId(), DelibTime.ts(time.now())).update();
        return find(id).orElseThrow();
    }

    /** The managed meeting with its row locked, so that changes to one meeting queue (agenda positions, invitees). */
    private Meeting lock(long id, GridworkUser user) {
        managed(id, user);
        jdbc.sql("select id from delib_meeting where id = ? for update").param(id).query(Long.class).single();
        return find(id).orElseThrow();
    }

    private void requireBegun(Meeting m) {
        if (m.startsAt().isAfter(time.now())) {
            throw ProblemException.conflict("delib-meeting-not-begun", "the meeting has not begun");
        }
    }

    private static void requireUnpublished(Meeting m) {
        if (m.published()) {
            throw published();
        }
    }

    private static ProblemException published() {
        return ProblemException.conflict("delib-minutes-published", "the minutes are published and never change; add an addendum");
    }
}
