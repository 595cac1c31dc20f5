package io.gridwork.station.internal;

import java.sql.Time;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.DemandApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Stations and service points, their hours and rooms, and what a day looks like on the official calendar. A station
 * is reached by staff whose grids cover it or lie inside it (the micro-grid leaders of its compound), and by the
 * residents living under its grid; it is managed by community and street staff (and admins) covering it.
 */
@Component
public class Stations {

    public enum Kind { STATION, SERVICE_POINT }

    public record Hours(int weekday, LocalTime opens, LocalTime closes) {
    }

    public record Room(long id, String name, Integer seats) {
    }

    public record Station(long id, long gridId, String gridPath, String gridName, Kind kind, String name, String address,
            Integer areaM2, String services, List<Hours> hours, List<Room> rooms) {

        public Optional<Hours> hoursOn(int weekday) {
            return hours.stream().filter(h -> h.weekday() == weekday).findFirst();
        }
    }

    public record NewStation(Long gridId, Kind kind, String name, String address, Integer areaM2, String services,
            List<Hours> hours) {
    }

    /**
     * A day at a station: the calendar's mark (HOLIDAY, WORKDAY or null) with its name, and the hours it keeps that
     * day (null when closed).
     */
    public record Day(LocalDate day, String mark, String markName, LocalTime opens, LocalTime closes) {

        public boolean open() {
            return opens != null;
        }
    }

    /** Whether a station is open at this moment, today's hours, and the next day it opens when closed today. */
    public record Status(boolean openNow, Day today, Day nextOpen) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final DemandApi calendar;
    private final StationTime time;

    Stations(JdbcClient jdbc, GridApi grid, DemandApi calendar, StationTime time) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.calendar = calendar;
        this.time = time;
    }

    // ---- who reaches and manages a station ------------------------------------------------------

    public static boolean manager(GridworkUser user) {
        return user.has(Role.COMMUNITY_STAFF) || user.has(Role.STREET_STAFF) || user.isAdmin();
    }

    /** Staff whose grids cover the station or lie inside its grid, and residents living under it. */
    public boolean reaches(Station s, GridworkUser user) {
        if (user.covers(s.gridPath())) {
            return true;
        }
        if (user.isStaff() && user.scopePaths().stream().anyMatch(p -> p.startsWith(s.gridPath()))) {
            return true;
        }
        String home = homePath(user);
        return home != null && home.startsWith(s.gridPath());
    }

    /** The micro-grid path of the resident's household (null for anyone else). */
    String homePath(GridworkUser user) {
        if (user.householdId() == null) {
            return null;
        }
        return grid.household(user.householdId()).map(h -> h.microGridPath()).orElse(null);
    }

    /** The station, which the user must reach (404 as if absent otherwise). */
    public Station get(long id, GridworkUser user) {
        Station s = find(id).orElseThrow(() -> ProblemException.notFound("station", id));
        if (!reaches(s, user)) {
            throw ProblemException.outOfReach("station", id);
        }
        return s;
    }

    /** The station, which the user must manage: 404 when out of reach, 403 when seen but not theirs to change. */
    public Station managed(long id, GridworkUser user) {
        Station s = get(id, user);
        if (!manager(user) || !user.covers(s.gridPath())) {
            throw ProblemException.forbidden("only the community's staff change a station");
        }
        return s;
    }

    public boolean manages(Station s, GridworkUser user) {
        return manager(user) && user.covers(s.gridPath());
    }

    // ---- reading --------------------------------------------------------------------------------

    public Optional<Station> find(long id) {
        return load("where s.id = ?", List.of(id)).stream().findFirst();
    }

    /**
     * The stations a user reaches: for a resident those of the grids above their home; for staff those inside their
     * grids and those of the grids above them (at most 200).
     */
    public List<Station> visible(GridworkUser user) {
        Set<String> above = new HashSet<>();
        String home = homePath(user);
        if (home != null) {
            above.addAll(prefixes(home));
        }
        List<String> inside = new ArrayList<>();
        if (user.isStaff()) {
            for (String scope : user.scopePaths()) {
                above.addAll(prefixes(scope));
                inside.add(scope);
            }
        }
        StringBuilder where = new StringBuilder("where 1 = 0");
        List<Object> params = new ArrayList<>();
        if (!above.isEmpty()) {
            where.append(" or s.grid_path in (").append(String.join(",", above.stream().map(p -> "?").toList())).append(")");
            params.addAll(above);
        }
        for (String scope : inside) {
            where.append(" or s.grid_path like ?" + io.gridwork.shared.persistence.Like.ESCAPE);
            params.add(io.gridwork.shared.persistence.Like.escape(scope) + "%");
        }
        return load(where + " order by s.kind, s.name, s.id limit 200", params);
    }

    private static List<String> prefixes(String path) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while ((i = path.indexOf('/', i + 1)) > 0) {
            out.add(path.substring(0, i + 1));
        }
        return out;
    }

    private List<Station> load(String where, List<?> params) {
        Map<Long, Station> byId = new LinkedHashMap<>();
        jdbc.sql("select s.id, s.grid_id, s.grid_path, g.name, s.kind, s.name, s.address, s.area_m2, s.services from station s"
                + " join v_grid_node g on g.id = s.grid_id " + where)
                .params(params.toArray())
                .query((rs, i) -> new Station(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        Kind.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getObject(8, Integer.class),
                        rs.getString(9), new ArrayList<>(), new ArrayList<>()))
                .list().forEach(s -> byId.put(s.id(), s));
        if (byId.isEmpty()) {
            return List.of();
        }
        String ids = String.join(",", byId.keySet().stream().map(String::valueOf).toList());
        jdbc.sql("select station_id, weekday, opens, closes from station_hours where station_id in (" + ids + ") order by weekday")
                .query(rs -> {
                    byId.get(rs.getLong(1)).hours().add(new Hours(rs.getInt(2), rs.getTime(3).toLocalTime(), rs.getTime(4).toLocalTime()));
                });
        jdbc.sql("select station_id, id, name, seats from station_room where station_id in (" + ids + ") order by name")
                .query(rs -> {
                    byId.get(rs.getLong(1)).rooms().add(new Room(rs.getLong(2), rs.getString(3), rs.getObject(4, Integer.class)));
                });
        return new ArrayList<>(byId.values());
    }

    // ---- changing -------------------------------------------------------------------------------

    @Transactional
    public Station create(NewStation n, GridworkUser user) {
        if (n == null || n.gridId() == null) {
            throw ProblemException.badRequest("field-required", "gridId is required", Map.of("field", "gridId"));
        }
        GridNode g = grid.node(n.gridId()).filter(x -> !x.retired())
                .orElseThrow(() -> ProblemException.badRequest("unknown-grid", "no such grid", Map.of("field", "gridId")));
        if (!user.covers(g.path())) {
            throw ProblemException.badRequest("unknown-grid", "no such grid", Map.of("field", "gridId"));
        }
        if (g.level() != GridLevel.COMMUNITY && g.level() != GridLevel.COMPOUND && g.level() != GridLevel.SPECIAL) {
            throw ProblemException.badRequest("station-grid-level", "a station belongs to a community, compound or special grid",
                    Map.of("field", "gridId"));
        }
        String name = text(n.name(), 100, "name", true);
        String address = text(n.address(), 200, "address", true);
        String services = text(n.services(), 500, "services", false);
        if (n.areaM2() != null && (n.areaM2() < 1 || n.areaM2() > 100_000)) {
            throw ProblemException.badRequest("invalid-station-area", "area in m² from 1 to 100000", Map.of("field", "areaM2"));
        }
        List<Hours> hours = checkHours(n.hours());
        Kind kind = n.kind() == null ? Kind.STATION : n.kind();
        long id = StationTime.insert(jdbc.sql("""
                insert into station (grid_id, grid_path, kind, name, address, area_m2, services, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(g.id(), g.path(), kind.name(), name, address, n.areaM2(), services, user.accountId(), StationTime.ts(time.now())));
        writeHours(id, hours);
        return find(id).orElseThrow();
    }

    @Transactional
    public Station setHours(long id, List<Hours> hours, GridworkUser user) {
        managed(id, user);
        List<Hours> checked = checkHours(hours);
        jdbc.sql("delete from station_hours where station_id = ?").param(id).update();
        writeHours(id, checked);
        return find(id).orElseThrow();
    }

    @Transactional
    public Station addRoom(long id, String name, Integer seats, GridworkUser user) {
        Station s = managed(id, user);
        String n = text(name, 100, "name", true);
        if (seats != null && (seats < 1 || seats > 1000)) {
            throw ProblemException.badRequest("invalid-seats", "seats from 1 to 1000", Map.of("field", "seats"));
        }
        if (s.rooms().stream().anyMatch(r -> r.name().equals(n))) {
            throw ProblemException.conflict("room-exists", "the station already has a room of this name");
        }
        jdbc.sql("insert into station_room (station_id, name, seats) values (?, ?, ?)").params(id, n, seats).update();
        return find(id).orElseThrow();
    }

    private void writeHours(long id, List<Hours> hours) {
        for (Hours h : hours) {
            jdbc.sql("insert into station_hours (station_id, weekday, opens, closes) values (?, ?, ?, ?)")
                    .params(id, h.weekday(), Time.valueOf(h.opens()), Time.valueOf(h.closes())).update();
        }
    }

    /** One interval per weekday, opening before closing, and at least one day open. */
    static List<Hours> checkHours(List<Hours> hours) {
        if (hours == null || hours.isEmpty()) {
            throw ProblemException.badRequest("invalid-opening-hours", "a station opens on at least one day", Map.of("field", "hours"));
        }
        Set<Integer> seen = new HashSet<>();
        for (Hours h : hours) {
            if (h == null || h.weekday() < 1 || h.weekday() > 7 || !seen.add(h.weekday())) {
                throw ProblemException.badRequest("invalid-opening-hours", "one interval per weekday 1 (Monday) to 7 (Sunday)",
                        Map.of("field", "hours"));
            }
            if (h.opens() == null || h.closes() == null || !h.opens().isBefore(h.closes())) {
                throw ProblemException.badRequest("invalid-opening-hours", "a day opens before it closes", Map.of("field", "hours"));
            }
        }
        return hours.stream().sorted(Comparator.comparingInt(Hours::weekday)).toList();
    }

    static String text(String value, int max, String field, boolean required) {
        String v = value == null ? null : value.strip();
        if (v == null || v.isEmpty()) {
            if (required) {
                throw ProblemException.badRequest("field-required", field + " is required", Map.of("field", field));
            }
            return null;
        }
        if (v.length() > max) {
            throw ProblemException.badRequest("too-long", field + " has at most " + max + " characters", Map.of("field", field));
        }
        return v;
    }

    // ---- days on the calendar -------------------------------------------------------------------

    /** The official calendar's marks between two days. */
    public Map<LocalDate, DemandApi.CalendarMark> marks(LocalDate from, LocalDate to) {
        return calendar.calendar(from, to);
    }

    /** A working day: Monday to Friday unless a public holiday, or a make-up working day (调休). */
    public static boolean workingDay(LocalDate day, Map<LocalDate, DemandApi.CalendarMark> marks) {
        DemandApi.CalendarMark m = marks.get(day);
        if (m != null) {
            return m.kind().equals("WORKDAY");
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /**
     * A station's day: a station (kind STATION) is closed on public holidays and on a make-up working day keeps the
     * hours of its first weekday with hours (Monday's, as a rule); a service point keeps its weekday hours every day.
     */
    public static Day day(Station s, LocalDate day, Map<LocalDate, DemandApi.CalendarMark> marks) {
        DemandApi.CalendarMark m = marks.get(day);
        String mark = m == null ? null : m.kind();
        String markName = m == null ? null : m.name();
        Optional<Hours> h;
        if (s.kind() == Kind.STATION && "HOLIDAY".equals(mark)) {
            h = Optional.empty();
        } else if (s.kind() == Kind.STATION && "WORKDAY".equals(mark) && day.getDayOfWeek().getValue() > 5) {
            h = s.hours().stream().filter(x -> x.weekday() <= 5).findFirst();
        } else {
            h = s.hoursOn(day.getDayOfWeek().getValue());
        }
        return new Day(day, mark, markName, h.map(Hours::opens).orElse(null), h.map(Hours::closes).orElse(null));
    }

    public Status status(Station s) {
        LocalDateTime now = time.localNow();
        LocalDate today = now.toLocalDate();
        Map<LocalDate, DemandApi.CalendarMark> marks = marks(today, today.plusDays(31));
        Day d = day(s, today, marks);
        boolean open = d.open() && !now.toLocalTime().isBefore(d.opens()) && now.toLocalTime().isBefore(d.closes());
        Day next = null;
        if (!open) {
            if (d.open() && now.toLocalTime().isBefore(d.opens())) {
                next = d;
            }
            for (int i = 1; i <= 31 && next == null; i++) {
                Day c = day(s, today.plusDays(i), marks);
                if (c.open()) {
                    next = c;
                }
            }
        }
        return new Status(open, d, next);
    }

    /** The next {@code count} days from {@code from} as the station keeps them. */
    public List<Day> days(Station s, LocalDate from, int count) {
        Map<LocalDate, DemandApi.CalendarMark> marks = marks(from, from.plusDays(count));
        List<Day> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(day(s, from.plusDays(i), marks));
        }
        return out;
    }

    // ---- the calendar itself --------------------------------------------------------------------

    public record CalendarDay(LocalDate day, String kind, String name) {
    }

    public List<CalendarDay> calendar(int year) {
        if (year < 2000 || year > 2100) {
            throw ProblemException.badRequest("invalid-year", "a year from 2000 to 2100", Map.of("field", "year"));
        }
        return marks(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)).entrySet().stream()
                .map(e -> new CalendarDay(e.getKey(), e.getValue().kind(), e.getValue().name())).toList();
    }

    /** Marks a day HOLIDAY or WORKDAY with its name, or clears it (kind null or empty); community staff and admins. */
    public void markDay(LocalDate day, String kind, String name, GridworkUser user) {
        if (!user.has(Role.COMMUNITY_STAFF) && !user.isAdmin()) {
            throw ProblemException.forbidden("the calendar is kept by community staff and administrators");
        }
        if (day == null) {
            throw ProblemException.badRequest("field-required", "day is required", Map.of("field", "day"));
        }
        String k = kind == null || kind.isBlank() ? null : kind.strip();
        if (k != null && !k.equals("HOLIDAY") && !k.equals("WORKDAY")) {
            throw ProblemException.badRequest("invalid-calendar-kind", "kind is HOLIDAY or WORKDAY", Map.of("field", "kind"));
        }
        String n = text(name, 50, "name", k != null);
        calendar.markCalendarDay(day, k, k == null ? null : n);
    }
}
