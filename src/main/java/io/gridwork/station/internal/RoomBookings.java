package io.gridwork.station.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.access.AccountApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Rooms of a station booked by councils, volunteer teams and meetings. A booking lies within the station's hours
 * of one day; it is checked against the room's live bookings with the room's row locked, so of two overlapping
 * bookings made at the same moment one waits for the other and is refused.
 */
@Component
public class RoomBookings {

    /** Who books rooms: grid staff, the community, and the owners committee, party branch and property company. */
    static final Set<Role> BOOKERS = Set.of(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF,
            Role.STREET_STAFF, Role.ADMIN, Role.OWNERS_COMMITTEE, Role.PARTY_BRANCH, Role.PROPERTY_STAFF);

    public record Booking(long id, long roomId, String roomName, long stationId, LocalDateTime starts, LocalDateTime ends,
            String purpose, long bookedBy, String bookedByName, boolean cancelled) {
    }

    private final JdbcClient jdbc;
    private final Stations stations;
    private final AccountApi accounts;
    private final StationTime time;

    RoomBookings(JdbcClient jdbc, Stations stations, AccountApi accounts, StationTime time) {
        this.jdbc = jdbc;
        this.stations = stations;
        this.accounts = accounts;
        this.time = time;
    }

    /**
     * Books a room. Refused: a time outside the station's hours that day or already past, an overlap with another
     * live booking of the room, a booker who is not staff of the station.
     */
    @Transactional
    public Booking book(long roomId, LocalDateTime starts, LocalDateTime ends, String purpose, GridworkUser user) {
        Long stationId = stationOfRoom(roomId).orElseThrow(() -> ProblemException.notFound("room", roomId));
        Stations.Station s = stations.get(stationId, user);
        if (BOOKERS.stream().noneMatch(user::has)) {
            throw ProblemException.forbidden("staff of the station book its rooms");
        }
        String what = Stations.text(purpose, 200, "purpose", true);
        if (starts == null || ends == null || !starts.isBefore(ends) || !starts.toLocalDate().equals(ends.toLocalDate())) {
            throw ProblemException.badRequest("invalid-room-time", "a booking starts before it ends, on one day", Map.of("field", "starts"));
        }
        if (!starts.isAfter(time.localNow())) {
            throw ProblemException.badRequest("invalid-room-time", "a booking starts in the future", Map.of("field", "starts"));
        }
        Stations.Day day = stations.days(s, starts.toLocalDate(), 1).get(0);
        if (!day.open() || starts.toLocalTime().isBefore(day.opens()) || ends.toLocalTime().isAfter(day.closes())) {
            throw ProblemException.badRequest("outside-hours", "the station is not open at that time", Map.of("field", "starts"));
        }
        Instant from = starts.atZone(StationTime.ZONE).toInstant();
        Instant to = ends.atZone(StationTime.ZONE).toInstant();
        jdbc.sql("select id from station_room where id = ? for update").param(roomId).query(Long.class).single();
        long overlapping = jdbc.sql("""
                select count(*) from station_room_booking where room_id = ? and status = 'BOOKED' and starts_at < ? and ends_at > ?""")
                .params(roomId, StationTime.ts(to), StationTime.ts(from)).query(Long.class).single();
        if (overlapping > 0) {
            throw ProblemException.conflict("room-taken", "the room is booked for part of that time");
        }
        long id = StationTime.insert(jdbc.sql("""
                insert into station_room_booking (room_id, station_id, starts_at, ends_at, purpose, status, booked_by, booked_at)
                values (?, ?, ?, ?, ?, 'BOOKED', ?, ?)""")
                .params(roomId, stationId, StationTime.ts(from), StationTime.ts(to), what, user.accountId(), StationTime.ts(time.now())));
        return find(id).orElseThrow();
    }

    /** The booker or the community's staff cancel a booking that has not begun. */
    @Transactional
    public Booking cancel(long bookingId, GridworkUser user) {
        Booking b = find(bookingId).orElseThrow(() -> ProblemException.notFound("room booking", bookingId));
        Stations.Station s = stations.get(b.stationId(), user);
        if (b.bookedBy() != user.accountId() && !stations.manages(s, user)) {
            throw ProblemException.forbidden("the booker or the community's staff cancel a booking");
        }
        if (!b.starts().isAfter(time.localNow())) {
            throw ProblemException.conflict("slot-begun", "the booking has begun");
        }
        int changed = jdbc.sql("update station_room_booking set status = 'CANCELLED', cancelled_by = ? where id = ? and status = 'BOOKED'")
                .params(user.accountId(), bookingId).update();
        if (changed == 0) {
            throw ProblemException.conflict("not-booked", "this booking is cancelled already");
        }
        return find(bookingId).orElseThrow();
    }

    public Optional<Long> stationOfRoom(long roomId) {
        return jdbc.sql("select station_id from station_room where id = ?").param(roomId).query(Long.class).optional();
    }

    public Optional<Booking> find(long id) {
        return load("where b.id = ?", id).stream().findFirst();
    }

    /** The station's live room bookings from today on (at most 200). */
    public List<Booking> upcoming(long stationId, GridworkUser user) {
        stations.get(stationId, user);
        return load("where b.station_id = ? and b.status = 'BOOKED' and b.ends_at > ? order by b.starts_at limit 200", stationId,
                StationTime.ts(time.today().atStartOfDay(StationTime.ZONE).toInstant()));
    }

    private List<Booking> load(String where, Object... params) {
        List<Booking> raw = jdbc.sql("""
                select b.id, b.room_id, r.name, b.station_id, b.starts_at, b.ends_at, b.purpose, b.booked_by, b.status
                  from station_room_booking b join station_room r on r.id = b.room_id""" + " " + where)
                .params(params)
                .query((rs, i) -> new Booking(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        LocalDateTime.ofInstant(rs.getTimestamp(5).toInstant(), StationTime.ZONE),
                        LocalDateTime.ofInstant(rs.getTimestamp(6).toInstant(), StationTime.ZONE), rs.getString(7), rs.getLong(8), null,
                        rs.getString(9).equals("CANCELLED")))
                .list();
        Map<Long, String> names = accounts.displayNames(raw.stream().map(Booking::bookedBy).distinct().toList());
        return raw.stream().map(b -> new Booking(b.id(), b.roomId(), b.roomName(), b.stationId(), b.starts(), b.ends(), b.purpose(),
                b.bookedBy(), names.getOrDefault(b.bookedBy(), ""), b.cancelled())).toList();
    }
}
