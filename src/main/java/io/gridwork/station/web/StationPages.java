package io.gridwork.station.web;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.demand.DemandApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;
import io.gridwork.station.internal.Clinics;
import io.gridwork.station.internal.RoomBookings;
import io.gridwork.station.internal.Rotas;
import io.gridwork.station.internal.StationTime;
import io.gridwork.station.internal.Stations;
import io.gridwork.station.internal.Visits;

/**
 * The station's pages: a resident's station(s) with whether open now, today's hours, today's duty and services to
 * book; the station page with hours, rooms and services (and the forms of the community's staff); the month's rota
 * with generation, publication, swaps and check-in; a service's slots, bookings and marks; the no-show record; the
 * holiday calendar. Forms post and redirect to the page they came from with what was done or why it was refused.
 */
@Controller
class StationPages {

    private final Stations stations;
    private final Rotas rotas;
    private final Clinics clinics;
    private final GridApi grid;
    private final StationTime time;
    private final ProblemMessages problems;
    private final RoomBookings rooms;
    private final Visits visits;
    private final DemandApi demands;

    StationPages(Stations stations, Rotas rotas, Clinics clinics, GridApi grid, StationTime time, ProblemMessages problems,
            RoomBookings rooms, Visits visits, DemandApi demands) {
        this.rooms = rooms;
        this.visits = visits;
        this.demands = demands;
        this.stations = stations;
        this.rotas = rotas;
        this.clinics = clinics;
        this.grid = grid;
        this.time = time;
        this.problems = problems;
    }

    record Card(Stations.Station station, Stations.Status status, Rotas.Shift onDuty, List<Clinics.Service> services) {
    }

    private Card card(Stations.Station s) {
        return new Card(s, stations.status(s), rotas.today(s.id()).orElse(null), clinics.ofStation(s.id()));
    }

    @GetMapping("/station")
    String list(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("cards", stations.visible(user).stream().map(this::card).toList());
        model.addAttribute("bookings", clinics.mine(user).stream().filter(b -> b.status() == Clinics.Outcome.BOOKED).toList());
        model.addAttribute("provided", clinics.providedBy(user));
        model.addAttribute("canCreate", Stations.manager(user));
        if (Stations.manager(user)) {
            List<GridNode> grids = new ArrayList<>();
            for (GridNode top : grid.topsOf(user.scopePaths())) {
                for (GridLevel level : List.of(GridLevel.COMMUNITY, GridLevel.COMPOUND, GridLevel.SPECIAL)) {
                    grids.addAll(grid.nodesUnder(top.path(), level, null, 50));
                }
            }
            model.addAttribute("grids", grids.stream().distinct().limit(100).toList());
        }
        return "station/list";
    }

    @PostMapping("/station")
    String create(@RequestParam(required = false) Long gridId, @RequestParam(required = false) Stations.Kind kind,
            @RequestParam(required = false) String name, @RequestParam(required = false) String address,
            @RequestParam(required = false) Integer areaM2, @RequestParam(required = false) String services,
            @RequestParam(required = false) List<Integer> weekdays, @RequestParam(required = false) String opens,
            @RequestParam(required = false) String closes, RedirectAttributes flash) {
        try {
            Stations.Station s = stations.create(new Stations.NewStation(gridId, kind, name, address, areaM2, services,
                    hours(weekdays, time(opens, "hours"), time(closes, "hours"))), CurrentUser.get());
            flash.addFlashAttribute("done", "created");
            return "redirect:/station/" + s.id();
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            return "redirect:/station";
        }
    }

    /** "09:00" from a time field; empty is null. */
    private static LocalTime time(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalTime.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-opening-hours", "times as HH:mm", Map.of("field", field));
        }
    }

    private static List<Stations.Hours> hours(List<Integer> weekdays, LocalTime opens, LocalTime closes) {
        if (weekdays == null || weekdays.isEmpty()) {
            return List.of();
        }
        if (opens == null || closes == null) {
            throw ProblemException.badRequest("invalid-opening-hours", "a day opens before it closes", Map.of("field", "hours"));
        }
        return weekdays.stream().map(d -> new Stations.Hours(d, opens, closes)).toList();
    }

    @GetMapping("/station/{id}")
    String station(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Stations.Station s = stations.get(id, user);
        model.addAttribute("card", card(s));
        model.addAttribute("days", stations.days(s, time.today(), 7));
        model.addAttribute("manages", stations.manages(s, user));
        model.addAttribute("staff", user.isStaff());
        if (stations.manages(s, user)) {
            model.addAttribute("providers", clinics.providers(s));
        }
        Map<Integer, Stations.Hours> week = new LinkedHashMap<>();
        for (int d = 1; d <= 7; d++) {
            week.put(d, s.hoursOn(d).orElse(null));
        }
        model.addAttribute("week", week);
        model.addAttribute("month", YearMonth.from(time.today()).toString());
        return "station/detail";
    }

    @PostMapping("/station/{id}/hours")
    String setHours(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        return act(flash, "/station/" + id, "hoursSaved", () -> {
            List<Stations.Hours> hours = new ArrayList<>();
            for (int d = 1; d <= 7; d++) {
                LocalTime o = time(form.get("opens" + d), "hours");
                LocalTime c = time(form.get("closes" + d), "hours");
                if (o != null || c != null) {
                    hours.add(new Stations.Hours(d, o, c));
                }
            }
            stations.setHours(id, hours, CurrentUser.get());
        });
    }

    @PostMapping("/station/{id}/rooms")
    String addRoom(@PathVariable long id, @RequestParam(required = false) String name, @RequestParam(required = false) Integer seats,
            RedirectAttributes flash) {
        return act(flash, "/station/" + id, "roomAdded", () -> stations.addRoom(id, name, seats, CurrentUser.get()));
    }

    @PostMapping("/station/{id}/services")
    String addService(@PathVariable long id, @RequestParam(required = false) String name,
            @RequestParam(required = false) String description, @RequestParam(required = false) Long providerAccountId,
            @RequestParam(required = false) List<Integer> weekdays, @RequestParam(required = false) String starts,
            @RequestParam(required = false) String ends, @RequestParam(required = false) Integer slotMinutes,
            @RequestParam(required = false) Integer capacity, RedirectAttributes flash) {
        return act(flash, "/station/" + id, "serviceAdded", () -> clinics.create(id, new Clinics.NewService(name, description,
                providerAccountId, weekdays, time(starts, "starts"), time(ends, "ends"), slotMinutes, capacity), CurrentUser.get()));
    }

    // ---- rota -----------------------------------------------------------------------------------

    @GetMapping("/station/{id}/rota")
    String rota(@PathVariable long id, @RequestParam(required = false) String month, Model model) {
        GridworkUser user = CurrentUser.get();
        Stations.Station s = stations.get(id, user);
        YearMonth m;
        try {
            m = month == null || month.isBlank() ? YearMonth.from(time.today()) : YearMonth.parse(month);
        } catch (java.time.format.DateTimeParseException e) {
            m = YearMonth.from(time.today());
        }
        Rotas.Rota r = rotas.of(id, m, user).orElse(null);
        model.addAttribute("station", s);
        model.addAttribute("rota", r);
        model.addAttribute("month", m);
        model.addAttribute("prev", m.minusMonths(1).toString());
        model.addAttribute("next", m.plusMonths(1).toString());
        model.addAttribute("today", time.today());
        model.addAttribute("manages", stations.manages(s, user));
        model.addAttribute("me", user.personId());
        model.addAttribute("staff", user.isStaff());
        return "station/rota";
    }

    @PostMapping("/station/{id}/rota")
    String generate(@PathVariable long id, @RequestParam(required = false) String month,
            @RequestParam(required = false) boolean withWorkers, RedirectAttributes flash) {
        String back = "/station/" + id + "/rota" + (month == null ? "" : "?month=" + month.strip());
        return act(flash, back, "generated", () -> rotas.generate(id, StationApiController.month(month), withWorkers, CurrentUser.get()));
    }

    private String rotaPage(Rotas.Rota r) {
        return "/station/" + r.stationId() + "/rota?month=" + r.month();
    }

    @PostMapping("/station/rotas/{id}/publish")
    String publish(@PathVariable long id, RedirectAttributes flash) {
        return act(flash, () -> rotaPage(rotas.publish(id, CurrentUser.get())), "published",
                () -> rotas.load(id).map(this::rotaPage).orElse(null));
    }

    @PostMapping("/station/shifts/{id}/swap")
    String swap(@PathVariable long id, @RequestParam(required = false) Long toPersonId, @RequestParam(required = false) String reason,
            @RequestParam(required = false) Long counterShiftId, RedirectAttributes flash) {
        return act(flash, () -> {
            rotas.requestSwap(id, toPersonId, counterShiftId, reason, CurrentUser.get());
            return shiftPage(id);
        }, "swapRequested", () -> shiftPage(id));
    }

    @PostMapping("/station/swaps/{id}/accept")
    String acceptSwap(@PathVariable long id, RedirectAttributes flash) {
        return act(flash, () -> shiftPage(rotas.answer(id, true, CurrentUser.get()).shiftId()), "swapAccepted", () -> null);
    }

    @PostMapping("/station/swaps/{id}/decline")
    String declineSwap(@PathVariable long id, RedirectAttributes flash) {
        return act(flash, () -> shiftPage(rotas.answer(id, false, CurrentUser.get()).shiftId()), "swapDeclined", () -> null);
    }

    @PostMapping("/station/swaps/{id}/approve")
    String approve(@PathVariable long id, RedirectAttributes flash) {
        return act(flash, () -> shiftPage(rotas.decide(id, true, CurrentUser.get()).shiftId()), "swapApproved", () -> null);
    }

    @PostMapping("/station/swaps/{id}/reject")
    String reject(@PathVariable long id, RedirectAttributes flash) {
        return act(flash, () -> shiftPage(rotas.decide(id, false, CurrentUser.get()).shiftId()), "swapRejected", () -> null);
    }

    @PostMapping("/station/shifts/{id}/check-in")
    String checkIn(@PathVariable long id, @RequestParam(required = false) Long presentPersonId, RedirectAttributes flash) {
        return act(flash, () -> {
            rotas.checkIn(id, presentPersonId, CurrentUser.get());
            return shiftPage(id);
        }, "checkedIn", () -> shiftPage(id));
    }

    /** The rota page of a shift (null when the shift does not exist). */
    private String shiftPage(long shiftId) {
        return rotas.rotaOfShift(shiftId).flatMap(rotas::load).map(this::rotaPage).orElse(null);
    }

    // ---- services -------------------------------------------------------------------------------

    @GetMapping("/station/services/{id}")
    String service(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Clinics.Service v = clinics.get(id, user);
        Stations.Station s = stations.find(v.stationId()).orElseThrow();
        model.addAttribute("service", v);
        model.addAttribute("station", s);
        List<Clinics.Slot> slots = clinics.slots(id, user);
        Map<LocalDate, List<Clinics.Slot>> byDay = new LinkedHashMap<>();
        slots.forEach(x -> byDay.computeIfAbsent(x.starts().toLocalDate(), k -> new ArrayList<>()).add(x));
        model.addAttribute("slotsByDay", byDay);
        model.addAttribute("resident", user.personId() != null && user.has(io.gridwork.shared.security.Role.RESIDENT));
        boolean runs = user.accountId() == v.providerAccountId() || stations.manages(s, user);
        model.addAttribute("runs", runs);
        if (runs) {
            model.addAttribute("bookings", clinics.ofService(id, user));
        }
        model.addAttribute("now", time.localNow());
        return "station/service";
    }

    @PostMapping("/station/services/{id}/book")
    String book(@PathVariable long id, @RequestParam(required = false) String starts, RedirectAttributes flash) {
        return act(flash, "/station/services/" + id, "booked", () -> {
            LocalDateTime at;
            try {
                at = starts == null || starts.isBlank() ? null : LocalDateTime.parse(starts.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw ProblemException.badRequest("not-a-slot", "no bookable slot starts then", Map.of("field", "starts"));
            }
            clinics.book(id, at, CurrentUser.get());
        });
    }

    @PostMapping("/station/bookings/{id}/cancel")
    String cancel(@PathVariable long id, RedirectAttributes flash) {
        return act(flash, () -> "/station/services/" + clinics.cancel(id, CurrentUser.get()).serviceId(), "cancelled",
                () -> clinics.booking(id).map(b -> "/station/services/" + b.serviceId()).orElse(null));
    }

    @PostMapping("/station/bookings/{id}/mark")
    String mark(@PathVariable long id, @RequestParam(required = false) Clinics.Outcome outcome, RedirectAttributes flash) {
        return act(flash, () -> "/station/services/" + clinics.mark(id, outcome, CurrentUser.get()).serviceId(), "marked",
                () -> clinics.booking(id).map(b -> "/station/services/" + b.serviceId()).orElse(null));
    }

    @GetMapping("/station/{id}/no-shows")
    String noShows(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("station", stations.get(id, user));
        model.addAttribute("rows", clinics.noShows(id, user));
        return "station/no-shows";
    }

    // ---- rooms and visitors ---------------------------------------------------------------------

    @GetMapping("/station/{id}/rooms")
    String rooms(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Stations.Station s = stations.get(id, user);
        model.addAttribute("station", s);
        model.addAttribute("bookings", rooms.upcoming(id, user));
        model.addAttribute("today", time.today());
        // a booking is cancelled by its booker or the community's staff: nobody else is offered the button
        model.addAttribute("me", user.accountId());
        model.addAttribute("manages", stations.manages(s, user));
        model.addAttribute("now", time.localNow());
        return "station/rooms";
    }

    @PostMapping("/station/rooms/{id}/book")
    String bookRoom(@PathVariable long id, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(required = false) String starts, @RequestParam(required = false) String ends,
            @RequestParam(required = false) String purpose, RedirectAttributes flash) {
        return act(flash, () -> {
            LocalTime from = time(starts, "starts");
            LocalTime to = time(ends, "ends");
            RoomBookings.Booking b = rooms.book(id, day == null || from == null ? null : day.atTime(from),
                    day == null || to == null ? null : day.atTime(to), purpose, CurrentUser.get());
            return "/station/" + b.stationId() + "/rooms";
        }, "roomBooked", () -> rooms.stationOfRoom(id).map(s -> "/station/" + s + "/rooms").orElse(null));
    }

    @PostMapping("/station/room-bookings/{id}/cancel")
    String cancelRoom(@PathVariable long id, RedirectAttributes flash) {
        return act(flash, () -> "/station/" + rooms.cancel(id, CurrentUser.get()).stationId() + "/rooms", "roomCancelled",
                () -> rooms.find(id).map(b -> "/station/" + b.stationId() + "/rooms").orElse(null));
    }

    @GetMapping("/station/{id}/visits")
    String visits(@PathVariable long id, Model model, java.util.Locale locale) {
        GridworkUser user = CurrentUser.get();
        Stations.Station s = stations.get(id, user);
        model.addAttribute("station", s);
        model.addAttribute("visits", visits.latest(id, user));
        Long community = grid.lineage(s.gridId()).stream().filter(n -> n.level() == GridLevel.COMMUNITY).map(GridNode::id)
                .findFirst().orElse(null);
        Map<String, String> categories = new LinkedHashMap<>();
        if (community != null) {
            demands.categories(community).forEach(c -> categories.put(c.code(), c.name(locale)));
        }
        model.addAttribute("categories", categories);
        return "station/visits";
    }

    @PostMapping("/station/{id}/visits")
    String recordVisit(@PathVariable long id, @RequestParam(required = false) String visitorName,
            @RequestParam(required = false) Long householdId, @RequestParam(required = false) String purpose, RedirectAttributes flash) {
        return act(flash, "/station/" + id + "/visits", "visitRecorded",
                () -> visits.record(id, visitorName, householdId, purpose, CurrentUser.get()));
    }

    @PostMapping("/station/visits/{id}/demand")
    String visitToDemand(@PathVariable long id, @RequestParam(required = false) String categoryCode, RedirectAttributes flash) {
        return act(flash, () -> "/station/" + visits.toDemand(id, categoryCode, CurrentUser.get()).stationId() + "/visits",
                "visitToDemand", () -> visits.find(id).map(v -> "/station/" + v.stationId() + "/visits").orElse(null));
    }

    // ---- calendar -------------------------------------------------------------------------------

    @GetMapping("/station/calendar")
    String calendar(@RequestParam(required = false) Integer year, Model model) {
        GridworkUser user = CurrentUser.get();
        int y = year == null || year < 2000 || year > 2100 ? time.today().getYear() : year;
        model.addAttribute("year", y);
        model.addAttribute("days", stations.calendar(y));
        model.addAttribute("canEdit", user.isAdmin());
        return "station/calendar";
    }

    @PostMapping("/station/calendar")
    String markDay(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(required = false) String kind, @RequestParam(required = false) String name, RedirectAttributes flash) {
        int year = day == null ? time.today().getYear() : day.getYear();
        return act(flash, "/station/calendar?year=" + year, kind == null || kind.isBlank() ? "dayCleared" : "dayMarked",
                () -> stations.markDay(day, kind, name, CurrentUser.get()));
    }

    // ---- forms ----------------------------------------------------------------------------------

    private String act(RedirectAttributes flash, String back, String done, Runnable action) {
        return act(flash, () -> {
            action.run();
            return back;
        }, done, () -> back);
    }

    /**
     * Runs a form's action and redirects to the page it names, saying what was done; a refusal is shown on the page
     * {@code onError} names (or the station list when there is none, as for a target that does not exist).
     */
    private String act(RedirectAttributes flash, Supplier<String> action, String done, Supplier<String> onError) {
        try {
            String page = action.get();
            flash.addFlashAttribute("done", done);
            return "redirect:" + page;
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            String page = e.status().value() == 404 ? null : onError.get();
            return "redirect:" + (page == null ? "/station" : page);
        }
    }
}
