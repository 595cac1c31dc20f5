package io.gridwork.station.internal;

import java.sql.Time;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.access.AccountApi;
import io.gridwork.people.PeopleApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Regular services at a station (the family doctor on Tuesday and Friday: blood pressure, blood sugar, care for
 * special groups) with bookable slots. A slot's row is written when first booked and carries the count of its live
 * bookings, raised by a conditional update ({@code booked < capacity}): concurrent bookings of the last place queue on
 * the row and only one wins. The provider (or the community's staff) marks each booking attended or no-show.
 */
@Component
public class Clinics {

    /** Days ahead that can be booked. */
    public static final int BOOKING_DAYS = 14;

    /** Accounts that may provide a service at a station: the service team. */
    static final Set<Role> PROVIDERS = Set.of(Role.DOCTOR, Role.LAWYER, Role.SOCIAL_WORKER, Role.POLICE);

    /** Who reads the no-show record of a station (besides its providers, who see their own bookings). */
    static final Set<Role> NO_SHOW_READERS = Set.of(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF,
            Role.STREET_STAFF, Role.ADMIN);

    public enum Outcome { BOOKED, CANCELLED, ATTENDED, NO_SHOW }

    public record Service(long id, long stationId, String name, String description, long providerAccountId,
            String providerName, Set<Integer> weekdays, LocalTime starts, LocalTime ends, int slotMinutes, int capacity) {
    }

    public record NewService(String name, String description, Long providerAccountId, List<Integer> weekdays,
            LocalTime starts, LocalTime ends, Integer slotMinutes, Integer capacity) {
    }

    /** A bookable slot; {@code myBookingId} is the viewer's live booking of it, if any. */
    public record Slot(LocalDateTime starts, LocalDateTime ends, int capacity, int booked, Long myBookingId) {

        public int free() {
            return capacity - booked;
        }
    }

    public record Booking(long id, long serviceId, String serviceName, long stationId, String stationName, LocalDateTime starts,
            LocalDateTime ends, long personId, String personName, Outcome status) {
    }

    public record NoShow(long personId, String personName, long count, LocalDateTime last) {
    }

    private final JdbcClient jdbc;
    private final Stations stations;
    private final AccountApi accounts;
    private final PeopleApi people;
    private final StationTime time;
    private final TransactionTemplate tx;

    Clinics(JdbcClient jdbc, Stations stations, AccountApi accounts, PeopleApi people, StationTime time, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.stations = stations;
        this.accounts = accounts;
        this.people = people;
        this.time = time;
        this.tx = tx;
    }

    // ---- services -------------------------------------------------------------------------------

    /** The community's staff add a service, provided by a service-team account whose grids cover the station. */
    public Service create(long stationId, NewService n, GridworkUser user) {
        return tx.execute(st -> {
            Stations.Station s = stations.managed(stationId, user);
            if (n == null) {
                throw ProblemException.badRequest("field-required", "name is required", Map.of("field", "name"));
            }
            String name = Stations.text(n.name(), 100, "name", true);
            String description = Stations.text(n.description(), 500, "description", false);
            if (n.providerAccountId() == null || !providers(s).containsKey(n.providerAccountId())) {
                throw ProblemException.badRequest("unknown-provider", "the provider is a service-team account serving the station",
                        Map.of("field", "providerAccountId"));
            }
            if (n.weekdays() == null || n.weekdays().isEmpty() || n.weekdays().stream().anyMatch(d -> d == null || d < 1 || d > 7)) {
                throw ProblemException.badRequest("invalid-weekdays", "weekdays from 1 (Monday) to 7 (Sunday)", Map.of("field", "weekdays"));
            }
            if (n.starts() == null || n.ends() == null || !n.starts().isBefore(n.ends())) {
                throw ProblemException.badRequest("invalid-opening-hours", "a service starts before it ends", Map.of("field", "starts"));
            }
            int slot = n.slotMinutes() == null ? 30 : n.slotMinutes();
            int capacity = n.capacity() == null ? 1 : n.capacity();
            if (slot < 5 || slot > 240) {
                throw ProblemException.badRequest("invalid-slot", "slots of 5 to 240 minutes", Map.of("field", "slotMinutes"));
            }
            if (capacity < 1 || capacity > 100) {
                throw ProblemException.badRequest("invalid-slot-capacity", "1 to 100 residents a slot", Map.of("field", "capacity"));
            }
            String days = new TreeSet<>(n.weekdays()).stream().map(String::valueOf).collect(Collectors.joining(","));
            long id = StationTime.insert(jdbc.sql("""
                    insert into station_service (station_id, name, description, provider_account_id, weekdays, starts, ends,
                        slot_minutes, capacity, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(stationId, name, description, n.providerAccountId(), days, Time.valueOf(n.starts()),
                            Time.valueOf(n.ends()), slot, capacity, StationTime.ts(time.now())));
            return find(id).orElseThrow();
        });
    }

    /** Service-team accounts whose grids cover the station (id → name). */
    public Map<Long, String> providers(Stations.Station s) {
        return accounts.displayNames(accounts.accountsCovering(s.gridPath(), PROVIDERS));
    }

    public Optional<Service> find(long id) {
        return load("where id = ?", id).stream().findFirst();
    }

    public List<Service> ofStation(long stationId) {
        return load("where station_id = ? order by name, id", stationId);
    }

    private List<Service> load(String where, Object param) {
        List<Service> raw = jdbc.sql("select id, station_id, name, description, provider_account_id, weekdays, starts, ends,"
                + " slot_minutes, capacity from station_service " + where)
                .param(param)
                .query((rs, i) -> new Service(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5), null,
                        Arrays.stream(rs.getString(6).split(",")).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new)),
                        rs.getTime(7).toLocalTime(), rs.getTime(8).toLocalTime(), rs.getInt(9), rs.getInt(10)))
                .list();
        Map<Long, String> names = accounts.displayNames(raw.stream().map(Service::providerAccountId).toList());
        return raw.stream().map(v -> new Service(v.id(), v.stationId(), v.name(), v.description(), v.providerAccountId(),
                names.getOrDefault(v.providerAccountId(), ""), v.weekdays(), v.starts(), v.ends(), v.slotMinutes(), v.capacity()))
                .toList();
    }

    /** The service, whose station the user must reach. */
    public Service get(long id, GridworkUser user) {
        Service v = find(id).orElseThrow(() -> ProblemException.notFound("service", id));
        stations.get(v.stationId(), user);
        return v;
    }

    /** The provider of the service, or the community's staff of its station. */
    boolean runs(Service v, GridworkUser user) {
        return v.providerAccountId() == user.accountId() || stations.manages(stations.find(v.stationId()).orElseThrow(), user);
    }

    // ---- slots ----------------------------------------------------------------------------------

    /** The slots of the next {@link #BOOKING_DAYS} days not yet begun, on the service's weekdays when the station opens. */
    public List<Slot> slots(long serviceId, GridworkUser user) {
        Service v = get(serviceId, user);
        Stations.Station s = stations.find(v.stationId()).orElseThrow();
        LocalDateTime now = time.localNow();
        Map<LocalDateTime, int[]> taken = new HashMap<>();
        Map<LocalDateTime, Long> mine = new HashMap<>();
        jdbc.sql("select starts_at, booked, capacity from station_slot where service_id = ? and starts_at >= ?")
                .params(serviceId, StationTime.ts(now.atZone(StationTime.ZONE).toInstant()))
                .query(rs -> {
                    taken.put(local(rs.getTimestamp(1).toInstant()), new int[] {rs.getInt(2), rs.getInt(3)});
                });
        if (user.personId() != null) {
            jdbc.sql("""
                    select l.starts_at, b.id from station_booking b join station_slot l on l.id = b.slot_id
                     where b.service_id = ? and b.person_id = ? and b.status = 'BOOKED'""")
                    .params(serviceId, user.personId())
                    .query(rs -> {
                        mine.put(local(rs.getTimestamp(1).toInstant()), rs.getLong(2));
                    });
        }
        List<Slot> out = new ArrayList<>();
        for (Stations.Day d : stations.days(s, now.toLocalDate(), BOOKING_DAYS)) {
            for (LocalDateTime start : starts(v, d)) {
                if (start.isAfter(now)) {
                    int[] t = taken.getOrDefault(start, new int[] {0, v.capacity()});
                    out.add(new Slot(start, start.plusMinutes(v.slotMinutes()), t[1], t[0], mine.get(start)));
                }
            }
        }
        return out;
    }

    /** The slot starts of a service on a day the station keeps: within both the service's and the station's hours. */
    static List<LocalDateTime> starts(Service v, Stations.Day d) {
        List<LocalDateTime> out = new ArrayList<>();
        if (!d.open() || !v.weekdays().contains(d.day().getDayOfWeek().getValue())) {
            return out;
        }
        int count = (int) (java.time.Duration.between(v.starts(), v.ends()).toMinutes() / v.slotMinutes());
        for (int i = 0; i < count; i++) {
            LocalTime t = v.starts().plusMinutes((long) i * v.slotMinutes());
            if (!t.isBefore(d.opens()) && !t.plusMinutes(v.slotMinutes()).isAfter(d.closes())) {
                out.add(d.day().atTime(t));
            }
        }
        return out;
    }

    private static LocalDateTime local(Instant at) {
        return LocalDateTime.ofInstant(at, StationTime.ZONE);
    }

    // ---- booking --------------------------------------------------------------------------------

    /**
     * A resident books a slot for themselves. Refused: no such slot (not on the service's days, hours or the next two
     * weeks, or begun), a full slot, a second booking of the slot, a booking overlapping another of theirs.
     */
    public Booking book(long serviceId, LocalDateTime starts, GridworkUser user) {
        if (user.personId() == null || !user.has(Role.RESIDENT)) {
            throw ProblemException.forbidden("residents book for themselves");
        }
        Service v = get(serviceId, user);
        if (starts == null) {
            throw ProblemException.badRequest("field-required", "starts is required", Map.of("field", "starts"));
        }
        Stations.Station s = stations.find(v.stationId()).orElseThrow();
        LocalDateTime now = time.localNow();
        LocalDate day = starts.toLocalDate();
        boolean valid = starts.isAfter(now) && !day.isAfter(now.toLocalDate().plusDays(BOOKING_DAYS - 1))
                && starts(v, stations.days(s, day, 1).get(0)).contains(starts);
        if (!valid) {
            throw ProblemException.badRequest("not-a-slot", "no bookable slot of this service starts then", Map.of("field", "starts"));
        }
        Instant at = starts.atZone(StationTime.ZONE).toInstant();
        Instant end = starts.plusMinutes(v.slotMinutes()).atZone(StationTime.ZONE).toInstant();
        for (int attempt = 1;; attempt++) {
            try {
                long id = tx.execute(st -> bookOnce(v, at, end, user));
                return booking(id).orElseThrow();
            } catch (DuplicateKeyException | ConcurrencyFailureException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private long bookOnce(Service v, Instant at, Instant end, GridworkUser user) {
        jdbc.sql("insert into station_slot (service_id, starts_at, capacity, booked) values (?, ?, ?, 0) on conflict do nothing")
                .params(v.id(), StationTime.ts(at), v.capacity()).update();
        long slot = jdbc.sql("select id from station_slot where service_id = ? and starts_at = ?")
                .params(v.id(), StationTime.ts(at)).query(Long.class).single();
        Optional<Object[]> existing = jdbc.sql("select id, status from station_booking where slot_id = ? and person_id = ?")
                .params(slot, user.personId()).query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional();
        if (existing.isPresent() && !existing.get()[1].equals("CANCELLED")) {
            throw ProblemException.conflict("already-booked", "you have booked this slot already");
        }
        if (overlaps(user.personId(), slot, at, end)) {
            throw ProblemException.conflict("overlapping-booking", "you have another booking at this time");
        }
        int won = jdbc.sql("update station_slot set booked = booked + 1 where id = ? and booked < capacity").param(slot).update();
        if (won == 0) {
            throw ProblemException.conflict("slot-full", "this slot is fully booked");
        }
        Instant now = time.now();
        if (existing.isPresent()) {
            long id = (Long) existing.get()[0];
            jdbc.sql("update station_booking set status = 'BOOKED', account_id = ?, booked_at = ?, updated_at = ?, marked_by = null where id = ?")
                    .params(user.accountId(), StationTime.ts(now), StationTime.ts(now), id).update();
            return id;
        }
        return StationTime.insert(jdbc.sql("""
                insert into station_booking (slot_id, service_id, person_id, account_id, status, booked_at, updated_at)
                values (?, ?, ?, ?, 'BOOKED', ?, ?)""")
                .params(slot, v.id(), user.personId(), user.accountId(), StationTime.ts(now), StationTime.ts(now)));
    }

    /**
     * Whether one of the person's live bookings of another slot (of any service) covers part of [at, end). This slot's own
     * booking is "already booked" (a double tap whose first booking commits in between is caught by the unique key and
     * retried into that answer), never "overlapping".
     */
    private boolean overlaps(long personId, long slot, Instant at, Instant end) {
        return jdbc.sql("""
                select l.starts_at, v.slot_minutes from station_booking b join station_slot l on l.id = b.slot_id
                  join station_service v on v.id = l.service_id
                 where b.person_id = ? and b.status = 'BOOKED' and l.id <> ? and l.starts_at < ? and l.starts_at > ?""")
                .params(personId, slot, StationTime.ts(end), StationTime.ts(at.minusSeconds(240L * 60)))
                .query((rs, i) -> rs.getTimestamp(1).toInstant().plusSeconds(rs.getInt(2) * 60L).isAfter(at))
                .list().contains(true);
    }

    /** The resident cancels their booking (or the community's staff do) before the slot begins. */
    public Booking cancel(long bookingId, GridworkUser user) {
        tx.executeWithoutResult(st -> {
            Booking b = reachable(bookingId, user);
            boolean own = user.personId() != null && user.personId() == b.personId();
            Service v = find(b.serviceId()).orElseThrow();
            if (!own && !stations.manages(stations.find(v.stationId()).orElseThrow(), user)) {
                throw ProblemException.forbidden("residents cancel their own bookings");
            }
            if (!b.starts().isAfter(time.localNow())) {
                throw ProblemException.conflict("slot-begun", "the slot has begun; it can no longer be cancelled");
            }
            int changed = jdbc.sql("update station_booking set status = 'CANCELLED', updated_at = ? where id = ? and status = 'BOOKED'")
                    .params(StationTime.ts(time.now()), bookingId).update();
            if (changed == 0) {
                throw ProblemException.conflict("not-booked", "this booking is not open");
            }
            jdbc.sql("update station_slot set booked = booked - 1 where id = (select slot_id from station_booking where id = ?)")
                    .param(bookingId).update();
        });
        return booking(bookingId).orElseThrow();
    }

    /** The provider (or the community's staff) marks a booking attended or no-show once its slot has begun. */
    public Booking mark(long bookingId, Outcome outcome, GridworkUser user) {
        tx.executeWithoutResult(st -> {
            Booking b = reachable(bookingId, user);
            Service v = find(b.serviceId()).orElseThrow();
            if (!runs(v, user)) {
                throw ProblemException.forbidden("the provider of the service marks its bookings");
            }
            if (outcome != Outcome.ATTENDED && outcome != Outcome.NO_SHOW) {
                throw ProblemException.badRequest("invalid-outcome", "outcome is ATTENDED or NO_SHOW", Map.of("field", "outcome"));
            }
            if (b.starts().isAfter(time.localNow())) {
                throw ProblemException.conflict("slot-not-begun", "a booking is marked once its slot has begun");
            }
            int changed = jdbc.sql("update station_booking set status = ?, marked_by = ?, updated_at = ? where id = ? and status = 'BOOKED'")
                    .params(outcome.name(), user.accountId(), StationTime.ts(time.now()), bookingId).update();
            if (changed == 0) {
                throw ProblemException.conflict("not-booked", "this booking is cancelled or marked already");
            }
        });
        return booking(bookingId).orElseThrow();
    }

    /** A booking the user may see: their own, or one at a station they reach as staff or provider. */
    private Booking reachable(long bookingId, GridworkUser user) {
        Booking b = booking(bookingId).orElseThrow(() -> ProblemException.notFound("booking", bookingId));
        boolean own = user.personId() != null && user.personId() == b.personId();
        if (own) {
            return b;
        }
        Service v = find(b.serviceId()).orElseThrow();
        Stations.Station s = stations.find(v.stationId()).orElseThrow();
        if (!user.isStaff() || !stations.reaches(s, user)) {
            throw ProblemException.outOfReach("booking", bookingId);
        }
        return b;
    }

    // ---- lists ----------------------------------------------------------------------------------

    private static final String BOOKING_SQL = """
            select b.id, b.service_id, v.name, v.station_id, s.name, l.starts_at, v.slot_minutes, b.person_id, b.status
              from station_booking b join station_slot l on l.id = b.slot_id join station_service v on v.id = b.service_id
              join station s on s.id = v.station_id""";

    private List<Booking> bookings(String where, Object... params) {
        List<Object[]> rows = jdbc.sql(BOOKING_SQL + " " + where).params(params)
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                    local(rs.getTimestamp(6).toInstant()), rs.getInt(7), rs.getLong(8), rs.getString(9)}).list();
        Map<Long, String> names = new HashMap<>();
        List<Booking> out = new ArrayList<>();
        for (Object[] r : rows) {
            long person = (Long) r[7];
            String name = names.computeIfAbsent(person, p -> people.person(p).map(x -> x.name()).orElse(""));
            LocalDateTime start = (LocalDateTime) r[5];
            out.add(new Booking((Long) r[0], (Long) r[1], (String) r[2], (Long) r[3], (String) r[4], start,
                    start.plusMinutes((Integer) r[6]), person, name, Outcome.valueOf((String) r[8])));
        }
        return out;
    }

    public Optional<Booking> booking(long id) {
        return bookings("where b.id = ?", id).stream().findFirst();
    }

    /** The resident's bookings, from a month back, soonest first. */
    public List<Booking> mine(GridworkUser user) {
        if (user.personId() == null) {
            return List.of();
        }
        return bookings("where b.person_id = ? and l.starts_at >= ? order by l.starts_at limit 100", user.personId(),
                StationTime.ts(time.now().minusSeconds(31L * 24 * 3600)));
    }

    /** A service's live and marked bookings from a week back, for its provider and the community's staff. */
    public List<Booking> ofService(long serviceId, GridworkUser user) {
        Service v = get(serviceId, user);
        if (!runs(v, user)) {
            throw ProblemException.forbidden("the provider and the community's staff see the bookings");
        }
        return bookings("where b.service_id = ? and b.status <> 'CANCELLED' and l.starts_at >= ? order by l.starts_at, b.id limit 500",
                serviceId, StationTime.ts(time.now().minusSeconds(7L * 24 * 3600)));
    }

    /** The services a provider account runs (at stations they reach). */
    public List<Service> providedBy(GridworkUser user) {
        return load("where provider_account_id = ? order by name, id", user.accountId());
    }

    /** Residents who did not come, by how often, for the staff of the station. */
    public List<NoShow> noShows(long stationId, GridworkUser user) {
        Stations.Station s = stations.get(stationId, user);
        if (NO_SHOW_READERS.stream().noneMatch(user::has)) {
            throw ProblemException.forbidden("grid and community staff see the no-show record");
        }
        List<Object[]> rows = jdbc.sql("""
                select b.person_id, count(*), max(l.starts_at) from station_booking b join station_slot l on l.id = b.slot_id
                  join station_service v on v.id = b.service_id
                 where v.station_id = ? and b.status = 'NO_SHOW' group by b.person_id order by count(*) desc, max(l.starts_at) desc""")
                .param(s.id())
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2), local(rs.getTimestamp(3).toInstant())}).list();
        return rows.stream().map(r -> new NoShow((Long) r[0], people.person((Long) r[0]).map(x -> x.name()).orElse(""),
                (Long) r[1], (LocalDateTime) r[2])).toList();
    }

}
