package io.gridwork.station.web;

import java.net.URI;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.station.internal.Clinics;
import io.gridwork.station.internal.RoomBookings;
import io.gridwork.station.internal.Rotas;
import io.gridwork.station.internal.Stations;
import io.gridwork.station.internal.Visits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api")
@Tag(name = "Service station", description = "Stations and service points, the holiday calendar, the duty rota, services with bookable slots")
class StationApiController {

    private final Stations stations;
    private final Rotas rotas;
    private final Clinics clinics;
    private final RoomBookings rooms;
    private final Visits visits;

    StationApiController(Stations stations, Rotas rotas, Clinics clinics, RoomBookings rooms, Visits visits) {
        this.stations = stations;
        this.rotas = rotas;
        this.clinics = clinics;
        this.rooms = rooms;
        this.visits = visits;
    }

    /** A station with whether it is open now, today's hours, who is on duty today and its services. */
    record StationView(Stations.Station station, Stations.Status status, Rotas.Shift onDuty, List<Clinics.Service> services) {
    }

    private StationView view(Stations.Station s) {
        return new StationView(s, stations.status(s), rotas.today(s.id()).orElse(null), clinics.ofStation(s.id()));
    }

    // ---- stations -------------------------------------------------------------------------------

    @GetMapping("/stations")
    @Operation(summary = "The stations the caller reaches: a resident's own, staff's within and above their grids")
    List<StationView> list() {
        return stations.visible(CurrentUser.get()).stream().map(this::view).toList();
    }

    @PostMapping("/stations")
    @Operation(summary = "Community staff create a station (kind STATION) or a service point in a shop (SERVICE_POINT)")
    ResponseEntity<Stations.Station> create(@RequestBody(required = false) Stations.NewStation body) {
        Stations.Station s = stations.create(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/stations/" + s.id())).body(s);
    }

    @GetMapping("/stations/{id}")
    @Operation(summary = "A station: address, rooms, hours by weekday, open now, today's hours, today's duty, services")
    StationView station(@PathVariable long id) {
        return view(stations.get(id, CurrentUser.get()));
    }

    record HoursBody(List<Stations.Hours> hours) {
    }

    @PutMapping("/stations/{id}/hours")
    @Operation(summary = "Replace a station's opening hours (one interval per weekday 1–7; a weekday left out is closed)")
    Stations.Station hours(@PathVariable long id, @RequestBody(required = false) HoursBody body) {
        if (body == null || body.hours() == null) {
            throw ProblemException.badRequest("field-required", "hours is required", Map.of("field", "hours"));
        }
        return stations.setHours(id, body.hours(), CurrentUser.get());
    }

    record RoomBody(String name, Integer seats) {
    }

    @PostMapping("/stations/{id}/rooms")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a room to a station")
    Stations.Station room(@PathVariable long id, @RequestBody(required = false) RoomBody body) {
        return stations.addRoom(id, body == null ? null : body.name(), body == null ? null : body.seats(), CurrentUser.get());
    }

    @GetMapping("/stations/{id}/days")
    @Operation(summary = "The next days (1–62) as the station keeps them: holiday or make-up mark and hours")
    List<Stations.Day> days(@PathVariable long id, @RequestParam(required = false) LocalDate from,
            @RequestParam(defaultValue = "14") int count) {
        if (count < 1 || count > 62) {
            throw ProblemException.badRequest("invalid-count", "1 ≤ count ≤ 62", Map.of("field", "count"));
        }
        Stations.Station s = stations.get(id, CurrentUser.get());
        return stations.days(s, from == null ? stations.status(s).today().day() : from, count);
    }

    // ---- calendar -------------------------------------------------------------------------------

    @GetMapping("/station-calendar")
    @Operation(summary = "The official calendar of a year: public holidays (HOLIDAY) and make-up working days (WORKDAY)")
    List<Stations.CalendarDay> calendar(@RequestParam int year) {
        return stations.calendar(year);
    }

    record DayBody(String kind, String name) {
    }

    @PutMapping("/station-calendar/{day}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Mark a day HOLIDAY or WORKDAY with its name, or clear it (kind empty); community staff and admins")
    void markDay(@PathVariable LocalDate day, @RequestBody(required = false) DayBody body) {
        stations.markDay(day, body == null ? null : body.kind(), body == null ? null : body.name(), CurrentUser.get());
    }

    // ---- rota -----------------------------------------------------------------------------------

    static YearMonth month(String month) {
        try {
            return month == null || month.isBlank() ? null : YearMonth.parse(month.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-month", "month is yyyy-MM", Map.of("field", "month"));
        }
    }

    @GetMapping("/stations/{id}/rota")
    @Operation(summary = "A month's rota (published; community staff also see a draft)")
    Rotas.Rota rota(@PathVariable long id, @RequestParam String month) {
        YearMonth m = month(month);
        if (m == null) {
            throw ProblemException.badRequest("field-required", "month is required (yyyy-MM)", Map.of("field", "month"));
        }
        return rotas.of(id, m, CurrentUser.get()).orElseThrow(() -> ProblemException.notFound("rota", id + "/" + m));
    }

    record GenerateBody(String month, Boolean withWorkers) {
    }

    @PostMapping("/stations/{id}/rota")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Generate (again, while a draft) a month's fair rota of the micro-grid leaders (and workers)")
    Rotas.Rota generate(@PathVariable long id, @RequestBody(required = false) GenerateBody body) {
        return rotas.generate(id, body == null ? null : month(body.month()), body != null && Boolean.TRUE.equals(body.withWorkers()),
                CurrentUser.get());
    }

    @PostMapping("/station-rotas/{id}/publish")
    @Operation(summary = "Publish a drafted rota")
    Rotas.Rota publish(@PathVariable long id) {
        return rotas.publish(id, CurrentUser.get());
    }

    record SwapBody(Long toPersonId, Long counterShiftId, String reason) {
    }

    @PostMapping("/station-shifts/{id}/swaps")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Ask to hand a shift to another member of the rota ({toPersonId, counterShiftId for an exchange, reason}); "
            + "the other accepts, community staff approve")
    Rotas.Swap swap(@PathVariable long id, @RequestBody(required = false) SwapBody body) {
        return rotas.requestSwap(id, body == null ? null : body.toPersonId(), body == null ? null : body.counterShiftId(),
                body == null ? null : body.reason(), CurrentUser.get());
    }

    @PostMapping("/station-swaps/{id}/accept")
    @Operation(summary = "The person asked accepts a swap (or exchange); it then waits for the community's approval")
    Rotas.Swap accept(@PathVariable long id) {
        return rotas.answer(id, true, CurrentUser.get());
    }

    @PostMapping("/station-swaps/{id}/decline")
    @Operation(summary = "The person asked declines a swap")
    Rotas.Swap decline(@PathVariable long id) {
        return rotas.answer(id, false, CurrentUser.get());
    }

    @PostMapping("/station-swaps/{id}/approve")
    @Operation(summary = "Community staff approve an accepted swap: the shift goes to the other person (and theirs to the asker "
            + "in an exchange); 409 swap-not-accepted")
    Rotas.Swap approve(@PathVariable long id) {
        return rotas.decide(id, true, CurrentUser.get());
    }

    @PostMapping("/station-swaps/{id}/reject")
    @Operation(summary = "Community staff reject a swap")
    Rotas.Swap reject(@PathVariable long id) {
        return rotas.decide(id, false, CurrentUser.get());
    }

    record CheckInBody(Long presentPersonId) {
    }

    @PostMapping("/station-shifts/{id}/check-in")
    @Operation(summary = "Record who was present: the member on duty checks in on the day; staff record any member")
    Rotas.Shift checkIn(@PathVariable long id, @RequestBody(required = false) CheckInBody body) {
        return rotas.checkIn(id, body == null ? null : body.presentPersonId(), CurrentUser.get());
    }

    // ---- services and bookings ------------------------------------------------------------------

    @PostMapping("/stations/{id}/services")
    @Operation(summary = "Add a regular service with bookable slots (weekdays 1–7, hours, slot minutes, places a slot)")
    ResponseEntity<Clinics.Service> service(@PathVariable long id, @RequestBody(required = false) Clinics.NewService body) {
        Clinics.Service v = clinics.create(id, body, CurrentUser.get());
        return ResponseEntity.status(HttpStatus.CREATED).body(v);
    }

    @GetMapping("/station-services/{id}/slots")
    @Operation(summary = "The service's slots of the next two weeks with free places (and the caller's own booking)")
    List<Clinics.Slot> slots(@PathVariable long id) {
        return clinics.slots(id, CurrentUser.get());
    }

    record BookBody(LocalDateTime starts) {
    }

    @PostMapping("/station-services/{id}/bookings")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "A resident books a slot (starts: local Beijing time, e.g. 2026-12-08T09:00)")
    Clinics.Booking book(@PathVariable long id, @RequestBody(required = false) BookBody body) {
        return clinics.book(id, body == null ? null : body.starts(), CurrentUser.get());
    }

    @GetMapping("/station-services/{id}/bookings")
    @Operation(summary = "The service's bookings from a week back, for its provider and the community's staff")
    List<Clinics.Booking> bookings(@PathVariable long id) {
        return clinics.ofService(id, CurrentUser.get());
    }

    @GetMapping("/station-bookings/mine")
    @Operation(summary = "The signed-in resident's bookings")
    List<Clinics.Booking> mine() {
        return clinics.mine(CurrentUser.get());
    }

    @PostMapping("/station-bookings/{id}/cancel")
    @Operation(summary = "Cancel a booking before its slot begins")
    Clinics.Booking cancel(@PathVariable long id) {
        return clinics.cancel(id, CurrentUser.get());
    }

    record MarkBody(Clinics.Outcome outcome) {
    }

    @PostMapping("/station-bookings/{id}/mark")
    @Operation(summary = "The provider marks a booking ATTENDED or NO_SHOW once its slot has begun")
    Clinics.Booking mark(@PathVariable long id, @RequestBody(required = false) MarkBody body) {
        GridworkUser user = CurrentUser.get();
        return clinics.mark(id, body == null ? null : body.outcome(), user);
    }

    @GetMapping("/stations/{id}/no-shows")
    @Operation(summary = "Residents who booked and did not come, by how often, for the station's staff")
    List<Clinics.NoShow> noShows(@PathVariable long id) {
        return clinics.noShows(id, CurrentUser.get());
    }

    // ---- rooms and visitors ---------------------------------------------------------------------

    @GetMapping("/stations/{id}/room-bookings")
    @Operation(summary = "The station's room bookings from today on")
    List<RoomBookings.Booking> roomBookings(@PathVariable long id) {
        return rooms.upcoming(id, CurrentUser.get());
    }

    record RoomBookingBody(LocalDateTime starts, LocalDateTime ends, String purpose) {
    }

    @PostMapping("/station-rooms/{id}/bookings")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Book a room within the station's hours of one day; 409 room-taken when it overlaps another booking")
    RoomBookings.Booking bookRoom(@PathVariable long id, @RequestBody(required = false) RoomBookingBody body) {
        return rooms.book(id, body == null ? null : body.starts(), body == null ? null : body.ends(),
                body == null ? null : body.purpose(), CurrentUser.get());
    }

    @PostMapping("/station-room-bookings/{id}/cancel")
    @Operation(summary = "Cancel a room booking before it begins (the booker or the community's staff)")
    RoomBookings.Booking cancelRoom(@PathVariable long id) {
        return rooms.cancel(id, CurrentUser.get());
    }

    @GetMapping("/stations/{id}/visits")
    @Operation(summary = "The station's visitor log, latest first (grid and community staff)")
    List<Visits.Visit> visits(@PathVariable long id) {
        return visits.latest(id, CurrentUser.get());
    }

    record VisitBody(String visitorName, Long householdId, String purpose) {
    }

    @PostMapping("/stations/{id}/visits")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record what a resident came for (household optional, under the station's grid)")
    Visits.Visit visit(@PathVariable long id, @RequestBody(required = false) VisitBody body) {
        return visits.record(id, body == null ? null : body.visitorName(), body == null ? null : body.householdId(),
                body == null ? null : body.purpose(), CurrentUser.get());
    }

    record DemandBody(String categoryCode) {
    }

    @PostMapping("/station-visits/{id}/demand")
    @Operation(summary = "Turn a visit with a household into a demand (channel STATION), once")
    Visits.Visit toDemand(@PathVariable long id, @RequestBody(required = false) DemandBody body) {
        return visits.toDemand(id, body == null ? null : body.categoryCode(), CurrentUser.get());
    }
}
