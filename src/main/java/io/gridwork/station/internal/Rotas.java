package io.gridwork.station.internal;

import java.sql.Date;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.people.AssignmentView;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.StaffRole;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The duty rota of a station: the micro-grid leaders (and, when chosen, workers) of the station's grid take turns on
 * working days from 09:00 to 17:00. A month's rota is generated fairly (counts differ by at most one, and those with
 * fewer earlier shifts at the station come first), published, changed only by swaps that community staff approve, and
 * records who was actually present.
 */
@Component
public class Rotas {

    public static final LocalTime DUTY_START = LocalTime.of(9, 0);
    public static final LocalTime DUTY_END = LocalTime.of(17, 0);

    public enum Status { DRAFT, PUBLISHED }

    public enum SwapStatus { REQUESTED, ACCEPTED, DECLINED, APPROVED, REJECTED }

    public record Member(long personId, String name, StaffRole position, int shifts) {
    }

    public record Swap(long id, long shiftId, LocalDate day, long fromPersonId, String fromName, long toPersonId, String toName,
            String reason, SwapStatus status, Long counterShiftId, LocalDate counterDay) {
    }

    public record Shift(long id, LocalDate day, long personId, String personName, Long presentPersonId, String presentName,
            java.time.Instant checkedInAt) {
    }

    public record Rota(long id, long stationId, YearMonth month, Status status, boolean withWorkers, List<Member> members,
            List<Shift> shifts, List<Swap> swaps) {
    }

    private final JdbcClient jdbc;
    private final Stations stations;
    private final GridApi grid;
    private final PeopleApi people;
    private final StationTime time;

    Rotas(JdbcClient jdbc, Stations stations, GridApi grid, PeopleApi people, StationTime time) {
        this.jdbc = jdbc;
        this.stations = stations;
        this.grid = grid;
        this.people = people;
        this.time = time;
    }

    // ---- generating and publishing --------------------------------------------------------------

    /** The micro-grid leaders (and workers) serving today on the micro-grids under the station's grid. */
    List<AssignmentView> staffOf(Stations.Station s, boolean withWorkers) {
        List<GridNode> micro = new ArrayList<>();
        GridNode g = grid.node(s.gridId()).orElseThrow();
        if (g.level() == GridLevel.COMMUNITY) {
            for (GridNode child : grid.children(g.id())) {
                micro.addAll(grid.microGridsUnder(child.id()));
            }
        } else {
            micro.addAll(grid.microGridsUnder(g.id()));
        }
        Map<Long, AssignmentView> byPerson = new LinkedHashMap<>();
        for (GridNode m : micro) {
            for (AssignmentView a : people.staffOf(m.id())) {
                boolean fits = a.role() == StaffRole.MICRO_GRID_LEADER || withWorkers && a.role() == StaffRole.MICRO_GRID_WORKER;
                if (fits) {
                    byPerson.merge(a.personId(), a, (x, y) -> x.role() == StaffRole.MICRO_GRID_LEADER ? x : y);
                }
            }
        }
        return new ArrayList<>(byPerson.values());
    }

    /** The working days of a month (Monday to Friday but public holidays, plus make-up working days). */
    List<LocalDate> workingDays(YearMonth month) {
        var marks = stations.marks(month.atDay(1), month.atEndOfMonth());
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
            if (Stations.workingDay(d, marks)) {
                days.add(d);
            }
        }
        return days;
    }

    /**
     * Generates (or generates again, while it is a draft) the rota of a month. Refused: a month already past, a
     * published rota, a station whose grid has nobody to take turns.
     */
    @Transactional
    public Rota generate(long stationId, YearMonth month, boolean withWorkers, GridworkUser user) {
        Stations.Station s = stations.managed(stationId, user);
        if (month == null) {
            throw ProblemException.badRequest("field-required", "month is required (yyyy-MM)", Map.of("field", "month"));
        }
        YearMonth now = YearMonth.from(time.today());
        if (month.isBefore(now) || month.isAfter(now.plusMonths(12))) {
            throw ProblemException.badRequest("rota-month-out-of-range", "a rota is made for this month or one of the next twelve",
                    Map.of("field", "month"));
        }
        Optional<long[]> existing = jdbc.sql("select id, case when status = 'PUBLISHED' then 1 else 0 end from station_rota"
                + " where station_id = ? and rota_month = ? for update")
                .params(stationId, Date.valueOf(month.atDay(1)))
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).optional();
        if (existing.isPresent() && existing.get()[1] == 1) {
            throw ProblemException.conflict("rota-published", "this month's rota is published; change it by swaps");
        }
        List<AssignmentView> staff = staffOf(s, withWorkers);
        if (staff.isEmpty()) {
            throw ProblemException.conflict("no-staff", "no micro-grid leader or worker serves on the station's grid");
        }
        List<LocalDate> days = workingDays(month);
        long rotaId;
        if (existing.isPresent()) {
            rotaId = existing.get()[0];
            jdbc.sql("delete from station_shift where rota_id = ?").param(rotaId).update();
            jdbc.sql("delete from station_rota_member where rota_id = ?").param(rotaId).update();
            jdbc.sql("update station_rota set with_workers = ?, created_by = ?, created_at = ? where id = ?")
                    .params(withWorkers, user.accountId(), StationTime.ts(time.now()), rotaId).update();
        } else {
            rotaId = StationTime.insert(jdbc.sql("""
                    insert into station_rota (station_id, rota_month, status, with_workers, created_by, created_at)
                    values (?, ?, 'DRAFT', ?, ?, ?)""")
                    .params(stationId, Date.valueOf(month.atDay(1)), withWorkers, user.accountId(), StationTime.ts(time.now())));
        }
        // fairness: fewest earlier shifts at this station first, then the longest since their last one, then by person
        Map<Long, long[]> history = new HashMap<>();
        jdbc.sql("select person_id, count(*), max(duty_day) from station_shift where station_id = ? and duty_day < ? group by person_id")
                .params(stationId, Date.valueOf(month.atDay(1)))
                .query(rs -> {
                    history.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getDate(3).toLocalDate().toEpochDay()});
                });
        List<AssignmentView> order = staff.stream().sorted(Comparator
                .comparingLong((AssignmentView a) -> history.getOrDefault(a.personId(), new long[] {0, Long.MIN_VALUE})[0])
                .thenComparingLong(a -> history.getOrDefault(a.personId(), new long[] {0, Long.MIN_VALUE})[1])
                .thenComparingLong(AssignmentView::personId)).toList();
        for (AssignmentView a : order) {
            jdbc.sql("insert into station_rota_member (rota_id, person_id, person_name, staff_role) values (?, ?, ?, ?)")
                    .params(rotaId, a.personId(), a.personName(), a.role().name()).update();
        }
        for (int i = 0; i < days.size(); i++) {
            jdbc.sql("insert into station_shift (rota_id, station_id, duty_day, person_id) values (?, ?, ?, ?)")
                    .params(rotaId, stationId, Date.valueOf(days.get(i)), order.get(i % order.size()).personId()).update();
        }
        return load(rotaId).orElseThrow();
    }

    @Transactional
    public Rota publish(long rotaId, GridworkUser user) {
        Rota r = load(rotaId).orElseThrow(() -> ProblemException.notFound("rota", rotaId));
        stations.managed(r.stationId(), user);
        int changed = jdbc.sql("update station_rota set status = 'PUBLISHED', published_by = ?, published_at = ? where id = ? and status = 'DRAFT'")
                .params(user.accountId(), StationTime.ts(time.now()), rotaId).update();
        if (changed == 0) {
            throw ProblemException.conflict("rota-published", "this rota is already published");
        }
        return load(rotaId).orElseThrow();
    }

    // ---- reading --------------------------------------------------------------------------------

    /** The station's rota of a month: managers see drafts, everyone else who reaches the station the published one. */
    public Optional<Rota> of(long stationId, YearMonth month, GridworkUser user) {
        Stations.Station s = stations.get(stationId, user);
        return jdbc.sql("select id from station_rota where station_id = ? and rota_month = ?")
                .params(stationId, Date.valueOf(month.atDay(1))).query(Long.class).optional()
                .flatMap(this::load)
                .filter(r -> r.status() == Status.PUBLISHED || stations.manages(s, user));
    }

    public Optional<Rota> load(long rotaId) {
        Optional<Object[]> head = jdbc.sql("select id, station_id, rota_month, status, with_workers from station_rota where id = ?")
                .param(rotaId)
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getDate(3).toLocalDate(), rs.getString(4),
                    rs.getBoolean(5)}).optional();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Object[] h = head.get();
        Map<Long, String> names = new HashMap<>();
        Map<Long, StaffRole> positions = new LinkedHashMap<>();
        jdbc.sql("select person_id, person_name, staff_role from station_rota_member where rota_id = ? order by person_name, person_id")
                .param(rotaId).query(rs -> {
                    names.put(rs.getLong(1), rs.getString(2));
                    positions.put(rs.getLong(1), StaffRole.valueOf(rs.getString(3)));
                });
        List<Shift> shifts = jdbc.sql("""
                select id, duty_day, person_id, present_person_id, checked_in_at from station_shift where rota_id = ? order by duty_day""")
                .param(rotaId)
                .query((rs, i) -> {
                    long person = rs.getLong(3);
                    Long present = rs.getObject(4, Long.class);
                    return new Shift(rs.getLong(1), rs.getDate(2).toLocalDate(), person, name(names, person), present,
                            present == null ? null : name(names, present), StationTime.instant(rs.getTimestamp(5)));
                }).list();
        Map<Long, Integer> counts = new HashMap<>();
        shifts.forEach(x -> counts.merge(x.personId(), 1, Integer::sum));
        List<Member> members = positions.entrySet().stream()
                .map(e -> new Member(e.getKey(), names.get(e.getKey()), e.getValue(), counts.getOrDefault(e.getKey(), 0))).toList();
        List<Swap> swaps = jdbc.sql("""
                select w.id, w.shift_id, s.duty_day, w.from_person_id, w.to_person_id, w.reason, w.status, w.counter_shift_id, c.duty_day
                  from station_swap w join station_shift s on s.id = w.shift_id left join station_shift c on c.id = w.counter_shift_id
                 where s.rota_id = ? order by w.id desc""")
                .param(rotaId)
                .query((rs, i) -> new Swap(rs.getLong(1), rs.getLong(2), rs.getDate(3).toLocalDate(), rs.getLong(4),
                        name(names, rs.getLong(4)), rs.getLong(5), name(names, rs.getLong(5)), rs.getString(6),
                        SwapStatus.valueOf(rs.getString(7)), rs.getObject(8, Long.class),
                        rs.getDate(9) == null ? null : rs.getDate(9).toLocalDate())).list();
        return Optional.of(new Rota((Long) h[0], (Long) h[1], YearMonth.from((LocalDate) h[2]), Status.valueOf((String) h[3]),
                (Boolean) h[4], members, shifts, swaps));
    }

    private String name(Map<Long, String> names, long person) {
        String n = names.get(person);
        return n != null ? n : people.person(person).map(p -> p.name()).orElse("");
    }

    /** The rota a shift belongs to, if the shift exists. */
    public Optional<Long> rotaOfShift(long shiftId) {
        return jdbc.sql("select rota_id from station_shift where id = ?").param(shiftId).query(Long.class).optional();
    }

    /** Today's shift at the station, from a published rota. */
    public Optional<Shift> today(long stationId) {
        return jdbc.sql("""
                select s.rota_id from station_shift s join station_rota r on r.id = s.rota_id
                 where s.station_id = ? and s.duty_day = ? and r.status = 'PUBLISHED'""")
                .params(stationId, Date.valueOf(time.today())).query(Long.class).optional()
                .flatMap(this::load)
                .flatMap(r -> r.shifts().stream().filter(x -> x.day().equals(time.today())).findFirst());
    }

    private record ShiftRow(long id, long rotaId, long stationId, LocalDate day, long personId, boolean checkedIn,
            boolean published) {
    }

    private ShiftRow shift(long shiftId, boolean lock) {
        return jdbc.sql("""
                select s.id, s.rota_id, s.station_id, s.duty_day, s.person_id, s.checked_in_at, r.status
                  from station_shift s join station_rota r on r.id = s.rota_id where s.id = ?""" + (lock ? " for update" : ""))
                .param(shiftId)
                .query((rs, i) -> new ShiftRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDate(4).toLocalDate(),
                        rs.getLong(5), rs.getTimestamp(6) != null, rs.getString(7).equals("PUBLISHED")))
                .optional().orElseThrow(() -> ProblemException.notFound("shift", shiftId));
    }

    private boolean member(long rotaId, Long personId) {
        return personId != null && jdbc.sql("select count(*) from station_rota_member where rota_id = ? and person_id = ?")
                .params(rotaId, personId).query(Long.class).single() > 0;
    }

    // ---- swaps ----------------------------------------------------------------------------------

    /**
     * Asks to hand a shift to another member of the rota: the person on duty asks, or the community's staff for them.
     * Refused: a draft rota, a past or attended shift, someone not on the rota, an open request for the shift.
     */
    @Transactional
    public Swap requestSwap(long shiftId, Long toPersonId, String reason, GridworkUser user) {
        return requestSwap(shiftId, toPersonId, null, reason, user);
    }

    /**
     * Asks to hand a shift to another member of the rota, or (with {@code counterShiftId}, one of theirs ahead) to
     * exchange shifts with them; the person asked accepts or declines, then the community's staff approve.
     */
    @Transactional
    public Swap requestSwap(long shiftId, Long toPersonId, Long counterShiftId, String reason, GridworkUser user) {
        ShiftRow sh = shift(shiftId, false);
        Stations.Station s = stations.get(sh.stationId(), user);
        boolean own = user.personId() != null && user.personId() == sh.personId();
        if (!own && !stations.manages(s, user)) {
            throw ProblemException.forbidden("only the person on duty or the community's staff ask to swap a shift");
        }
        if (!sh.published()) {
            throw ProblemException.conflict("rota-not-published", "swaps are asked for on a published rota");
        }
        if (sh.day().isBefore(time.today()) || sh.checkedIn()) {
            throw ProblemException.conflict("shift-past", "this shift is over or already attended");
        }
        if (toPersonId == null) {
            throw ProblemException.badRequest("field-required", "toPersonId is required", Map.of("field", "toPersonId"));
        }
        if (toPersonId == sh.personId() || !member(sh.rotaId(), toPersonId)) {
            throw ProblemException.badRequest("not-on-rota", "the shift goes to another member of this month's rota",
                    Map.of("field", "toPersonId"));
        }
        if (counterShiftId != null) {
            ShiftRow counter = jdbc.sql("""
                    select s.id, s.rota_id, s.station_id, s.duty_day, s.person_id, s.checked_in_at, r.status
                      from station_shift s join station_rota r on r.id = s.rota_id where s.id = ?""").param(counterShiftId)
                    .query((rs, i) -> new ShiftRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDate(4).toLocalDate(),
                            rs.getLong(5), rs.getTimestamp(6) != null, rs.getString(7).equals("PUBLISHED"))).optional().orElse(null);
            if (counter == null || counter.rotaId() != sh.rotaId() || counter.personId() != toPersonId || counter.checkedIn()
                    || counter.day().isBefore(time.today())) {
                throw ProblemException.badRequest("swap-counter-shift", "the shift taken in return is one of the other person's shifts ahead "
                        + "on this rota", Map.of("field", "counterShiftId"));
            }
        }
        String why = Stations.text(reason, 300, "reason", false);
        long id;
        try {
            id = StationTime.insert(jdbc.sql("""
                    insert into station_swap (shift_id, from_person_id, to_person_id, reason, status, requested_by, requested_at, open_key,
                                              counter_shift_id)
                    values (?, ?, ?, ?, 'REQUESTED', ?, ?, ?, ?)""")
                    .params(shiftId, sh.personId(), toPersonId, why, user.accountId(), StationTime.ts(time.now()), shiftId, counterShiftId));
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("swap-open", "a swap of this shift is already waiting for approval");
        }
        return swap(id);
    }

    private Swap swap(long id) {
        long rota = jdbc.sql("select s.rota_id from station_swap w join station_shift s on s.id = w.shift_id where w.id = ?")
                .param(id).query(Long.class).optional().orElseThrow(() -> ProblemException.notFound("swap", id));
        return load(rota).orElseThrow().swaps().stream().filter(w -> w.id() == id).findFirst().orElseThrow();
    }

    /** The person asked answers a swap: accepted, it waits for the community's approval; declined, it is over. */
    @Transactional
    public Swap answer(long swapId, boolean accept, GridworkUser user) {
        Swap w = swap(swapId);
        ShiftRow sh = shift(w.shiftId(), true);
        stations.get(sh.stationId(), user);
        if (user.personId() == null || user.personId() != w.toPersonId()) {
            throw ProblemException.forbidden("only the person asked to take the shift answers");
        }
        if (w.status() != SwapStatus.REQUESTED) {
            throw ProblemException.conflict("swap-decided", "this swap has been answered already");
        }
        jdbc.sql("update station_swap set status = ?, answered_at = ?, open_key = case when ? then open_key else null end where id = ? and status = 'REQUESTED'")
                .params(accept ? "ACCEPTED" : "DECLINED", StationTime.ts(time.now()), accept, swapId).update();
        return swap(swapId);
    }

    /**
     * The community's staff approve a swap the other person has accepted (409 swap-not-accepted before): the shift goes
     * to the other person and, in an exchange, the other's shift to the asker, if both are still theirs and ahead.
     */
    @Transactional
    public Swap decide(long swapId, boolean approve, GridworkUser user) {
        Swap w = swap(swapId);
        ShiftRow sh = shift(w.shiftId(), true);
        stations.managed(sh.stationId(), user);
        if (w.status() != SwapStatus.REQUESTED && w.status() != SwapStatus.ACCEPTED) {
            throw ProblemException.conflict("swap-decided", "this swap has been decided already");
        }
        if (approve && w.status() != SwapStatus.ACCEPTED) {
            throw ProblemException.conflict("swap-not-accepted", "the person asked has not accepted the swap yet");
        }
        if (approve) {
            int moved = jdbc.sql("update station_shift set person_id = ? where id = ? and person_id = ? and checked_in_at is null")
                    .params(w.toPersonId(), sh.id(), w.fromPersonId()).update();
            if (moved == 0 || sh.day().isBefore(time.today())) {
                throw ProblemException.conflict("shift-changed", "the shift has changed since the request; it cannot be swapped");
            }
            if (w.counterShiftId() != null) {
                int back = jdbc.sql("update station_shift set person_id = ? where id = ? and person_id = ? and checked_in_at is null and duty_day >= ?")
                        .params(w.fromPersonId(), w.counterShiftId(), w.toPersonId(), java.sql.Date.valueOf(time.today())).update();
                if (back == 0) {
                    throw ProblemException.conflict("shift-changed", "the shift taken in return has changed; it cannot be exchanged");
                }
            }
        }
        int decided = jdbc.sql("""
                update station_swap set status = ?, decided_by = ?, decided_at = ?, open_key = null where id = ? and status in ('REQUESTED', 'ACCEPTED')""")
                .params(approve ? "APPROVED" : "REJECTED", user.accountId(), StationTime.ts(time.now()), swapId).update();
        if (decided == 0) {
            throw ProblemException.conflict("swap-decided", "this swap has been decided already");
        }
        return swap(swapId);
    }

    // ---- presence -------------------------------------------------------------------------------

    /**
     * Records who was present for a shift: a member of the rota checks themselves in on the day; the community's staff
     * record any member of the rota for today or an earlier day. Refused: a future day, a second check-in.
     */
    @Transactional
    public Shift checkIn(long shiftId, Long presentPersonId, GridworkUser user) {
        ShiftRow sh = shift(shiftId, true);
        Stations.Station s = stations.get(sh.stationId(), user);
        boolean manager = stations.manages(s, user);
        Long present = presentPersonId;
        if (!manager) {
            if (!member(sh.rotaId(), user.personId())) {
                throw ProblemException.forbidden("members of the rota check themselves in");
            }
            if (present != null && !present.equals(user.personId())) {
                throw ProblemException.forbidden("members of the rota check in themselves only");
            }
            present = user.personId();
            if (!sh.day().equals(time.today())) {
                throw ProblemException.conflict("shift-not-today", "a shift is checked in on its day");
            }
        } else {
            if (present == null) {
                present = sh.personId();
            }
            if (sh.day().isAfter(time.today())) {
                throw ProblemException.conflict("shift-not-today", "presence is recorded on the day or after it");
            }
            if (!member(sh.rotaId(), present)) {
                throw ProblemException.badRequest("not-on-rota", "the person present is a member of the rota",
                        Map.of("field", "presentPersonId"));
            }
        }
        if (!sh.published()) {
            throw ProblemException.conflict("rota-not-published", "presence is recorded on a published rota");
        }
        int changed = jdbc.sql("""
                update station_shift set present_person_id = ?, checked_in_at = ?, checked_in_by = ? where id = ? and checked_in_at is null""")
                .params(present, StationTime.ts(time.now()), user.accountId(), shiftId).update();
        if (changed == 0) {
            throw ProblemException.conflict("shift-checked-in", "presence for this shift is recorded already");
        }
        return load(sh.rotaId()).orElseThrow().shifts().stream().filter(x -> x.id() == shiftId).findFirst().orElseThrow();
    }
}
