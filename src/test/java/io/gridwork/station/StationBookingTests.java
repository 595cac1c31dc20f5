package io.gridwork.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.station.internal.Clinics;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;

/** The doctor's clinic: slots, bookings and cancellations, full and overlapping slots, attendance and no-shows. */
@GridworkTest
class StationBookingTests extends StationApiSupport {

    /** Tuesday 1 September 2026, before the clinic opens. */
    static final LocalDateTime TUESDAY_MORNING = LocalDateTime.of(2026, 9, 1, 8, 0);

    @Autowired
    Clinics clinics;

    String book(String starts) {
        return "{\"starts\":\"" + starts + "\"}";
    }

    @Test
    void residentsBookCancelAndAreRefusedFullOrOverlappingSlots() throws Exception {
        fixtures.at(TUESDAY_MORNING);
        long station = fixtures.station();
        long service = fixtures.service(station, 2);
        GridworkUser a = people.freshResident();
        GridworkUser b = people.freshResident();
        GridworkUser c = people.freshResident();

        JsonNode slots = read(call(get("/api/station-services/" + service + "/slots"), a, null).andExpect(status().isOk()));
        List<String> starts = new ArrayList<>();
        slots.forEach(s -> starts.add(s.path("starts").asString()));
        // Tuesday and Friday, 9:00–11:00 in half hours, for two weeks: 4 days × 4 slots
        assertThat(starts).hasSize(16).contains("2026-09-01T09:00:00", "2026-09-04T10:30:00", "2026-09-11T09:30:00")
                .doesNotContain("2026-09-02T09:00:00", "2026-09-01T11:00:00");

        call(post("/api/station-services/" + service + "/bookings"), a, book("2026-09-01T09:00")).andExpect(status().isCreated());
        assertThat(code(call(post("/api/station-services/" + service + "/bookings"), a, book("2026-09-01T09:00"))
                .andExpect(status().isConflict()))).isEqualTo("already-booked");
        call(post("/api/station-services/" + service + "/bookings"), b, book("2026-09-01T09:00")).andExpect(status().isCreated());
        // the slot is full: refused, nothing written
        assertThat(code(call(post("/api/station-services/" + service + "/bookings"), c, book("2026-09-01T09:00"))
                .andExpect(status().isConflict()))).isEqualTo("slot-full");
        assertThat(count("select count(*) from station_booking where person_id = ?", c.personId())).isZero();
        assertThat(count("select booked from station_slot where service_id = ?", service)).isEqualTo(2);
        // no slot at 09:15, on a Wednesday, or a weekend; staff do not book
        for (String wrong : List.of("2026-09-01T09:15", "2026-09-02T09:00", "2026-09-05T09:00", "2026-10-02T09:00")) {
            assertThat(code(call(post("/api/station-services/" + service + "/bookings"), c, book(wrong))
                    .andExpect(status().isBadRequest()))).as(wrong).isEqualTo("not-a-slot");
        }
        call(post("/api/station-services/" + service + "/bookings"), people.user("worker"), book("2026-09-01T09:30"))
                .andExpect(status().isForbidden());

        // another service of the station at the same time overlaps a's booking
        long other = fixtures.service(station, 5);
        assertThat(code(call(post("/api/station-services/" + other + "/bookings"), a, book("2026-09-01T09:00"))
                .andExpect(status().isConflict()))).isEqualTo("overlapping-booking");
        call(post("/api/station-services/" + other + "/bookings"), a, book("2026-09-01T09:30")).andExpect(status().isCreated());

        // a cancels: the place is free for c
        long aBooking = jdbc.sql("select b.id from station_booking b where b.service_id = ? and b.person_id = ?")
                .params(service, a.personId()).query(Long.class).single();
        call(post("/api/station-bookings/" + aBooking + "/cancel"), b, null).andExpect(status().isNotFound());
        call(post("/api/station-bookings/" + aBooking + "/cancel"), a, null).andExpect(status().isOk());
        assertThat(code(call(post("/api/station-bookings/" + aBooking + "/cancel"), a, null)
                .andExpect(status().isConflict()))).isEqualTo("not-booked");
        assertThat(count("select booked from station_slot where service_id = ?", service)).isEqualTo(1);
        call(post("/api/station-services/" + service + "/bookings"), c, book("2026-09-01T09:00")).andExpect(status().isCreated());
        // a books again: full once more
        assertThat(code(call(post("/api/station-services/" + service + "/bookings"), a, book("2026-09-01T09:00"))
                .andExpect(status().isConflict()))).isEqualTo("slot-full");
        JsonNode mine = read(call(get("/api/station-bookings/mine"), c, null).andExpect(status().isOk()));
        assertThat(mine.findValues("status").stream().map(JsonNode::asString).toList()).containsExactly("BOOKED");

        // once the slot begins it cannot be cancelled
        fixtures.at(LocalDateTime.of(2026, 9, 1, 9, 5));
        long cBooking = mine.get(0).path("id").asLong();
        assertThat(code(call(post("/api/station-bookings/" + cBooking + "/cancel"), c, null)
                .andExpect(status().isConflict()))).isEqualTo("slot-begun");
    }

    @Test
    void theDoctorMarksAttendanceAndNoShowsAreVisibleToStaff() throws Exception {
        fixtures.at(TUESDAY_MORNING);
        long station = fixtures.station();
        long service = fixtures.service(station, 4);
        GridworkUser came = people.freshResident();
        GridworkUser missed = people.freshResident();
        long b1 = read(call(post("/api/station-services/" + service + "/bookings"), came, book("2026-09-01T10:00"))
                .andExpect(status().isCreated())).path("id").asLong();
        long b2 = read(call(post("/api/station-services/" + service + "/bookings"), missed, book("2026-09-01T10:00"))
                .andExpect(status().isCreated())).path("id").asLong();
        GridworkUser doctor = people.user("doctor");
        assertThat(code(call(post("/api/station-bookings/" + b1 + "/mark"), doctor, "{\"outcome\":\"ATTENDED\"}")
                .andExpect(status().isConflict()))).isEqualTo("slot-not-begun");

        fixtures.at(LocalDateTime.of(2026, 9, 1, 10, 40));
        JsonNode list = read(call(get("/api/station-services/" + service + "/bookings"), doctor, null).andExpect(status().isOk()));
        assertThat(list.size()).isEqualTo(2);
        call(get("/api/station-services/" + service + "/bookings"), came, null).andExpect(status().isForbidden());
        call(post("/api/station-bookings/" + b1 + "/mark"), came, "{\"outcome\":\"ATTENDED\"}").andExpect(status().isForbidden());
        assertThat(code(call(post("/api/station-bookings/" + b1 + "/mark"), doctor, "{}")
                .andExpect(status().isBadRequest()))).isEqualTo("invalid-outcome");
        call(post("/api/station-bookings/" + b1 + "/mark"), doctor, "{\"outcome\":\"ATTENDED\"}").andExpect(status().isOk());
        call(post("/api/station-bookings/" + b2 + "/mark"), doctor, "{\"outcome\":\"NO_SHOW\"}").andExpect(status().isOk());
        assertThat(code(call(post("/api/station-bookings/" + b2 + "/mark"), doctor, "{\"outcome\":\"ATTENDED\"}")
                .andExpect(status().isConflict()))).isEqualTo("not-booked");

        JsonNode noShows = read(call(get("/api/stations/" + station + "/no-shows"), fixtures.staff(), null).andExpect(status().isOk()));
        assertThat(noShows.size()).isEqualTo(1);
        assertThat(noShows.get(0).path("personId").asLong()).isEqualTo(missed.personId());
        assertThat(noShows.get(0).path("count").asLong()).isEqualTo(1);
        call(get("/api/stations/" + station + "/no-shows"), missed, null).andExpect(status().isForbidden());
    }

    @Test
    void concurrentBookingsNeverOverfillASlot() throws Exception {
        fixtures.at(TUESDAY_MORNING);
        long station = fixtures.station();
        int capacity = 5;
        long service = fixtures.service(station, capacity);
        List<GridworkUser> residents = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            residents.add(people.freshResident());
        }
        LocalDateTime slot = LocalDateTime.of(2026, 9, 4, 9, 30);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Callable<String>> work = new ArrayList<>();
        for (GridworkUser r : residents) {
            // each resident tries twice at once, as a double tap would
            for (int k = 0; k < 2; k++) {
                work.add(() -> {
                    try {
                        clinics.book(service, slot, r);
                        return "booked";
                    } catch (ProblemException e) {
                        return e.code();
                    }
                });
            }
        }
        List<String> outcomes = new ArrayList<>();
        try {
            for (Future<String> f : pool.invokeAll(work)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(outcomes.stream().filter("booked"::equals).count()).isEqualTo(capacity);
        assertThat(outcomes).allMatch(o -> List.of("booked", "slot-full", "already-booked").contains(o));
        assertThat(count("select booked from station_slot where service_id = ?", service)).isEqualTo(capacity);
        assertThat(count("select count(*) from station_booking where service_id = ? and status = 'BOOKED'", service)).isEqualTo(capacity);
        assertThat(count("select count(distinct person_id) from station_booking where service_id = ?", service)).isEqualTo(capacity);
    }
}
