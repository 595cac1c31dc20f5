package io.gridwork.insight.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.DemandApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.insight.CityWatch;
import io.gridwork.insight.Dashboard;
import io.gridwork.iot.IotApi;
import io.gridwork.lists.ListsApi;
import io.gridwork.measures.MeasuresApi;
import io.gridwork.shared.security.GridworkUser;

/**
 * Routine work and the three city-wide problems of a grid, read through the facades: routine counts from the lists
 * module ({@link ListsApi#routineCounts}), demands received and open now from the measures folder's rollups, device
 * incidents from the iot module ({@link IotApi#incidentCountsByDay}).
 */
@Service
public class CityWatches {

    /** The three city-wide problems: the demand category, and the device type and event that watch it (if any). */
    public record Focus(String category, String deviceType, String eventType) {
    }

    public static final List<Focus> PROBLEMS = List.of(new Focus("DOGS", null, null),
            new Focus("THROWN_OBJECTS", "HIGH_ALTITUDE_CAMERA", "THROW"),
            new Focus("EBIKE_IN_LIFT", "LIFT_EBIKE_DETECTOR", "EBIKE"));

    /** The kinds of routine work, in the order the routine pages show them. */
    static final List<String> ROUTINE_KINDS = List.of("INFO_COLLECTION", "OPINION_COLLECTION", "MEDIATION", "POLICY_PUBLICITY",
            "MOBILISATION", "HOUSEHOLD_VISIT");

    static final int TREND_MONTHS = 6;

    private final Dashboards dashboards;
    private final GridApi grid;
    private final MeasuresApi measures;
    private final ListsApi lists;
    private final DemandApi demands;
    private final IotApi iot;
    private final MessageSource messages;

    CityWatches(Dashboards dashboards, GridApi grid, MeasuresApi measures, ListsApi lists, DemandApi demands, IotApi iot,
            MessageSource messages) {
        this.dashboards = dashboards;
        this.grid = grid;
        this.measures = measures;
        this.lists = lists;
        this.demands = demands;
        this.iot = iot;
        this.messages = messages;
    }

    public static Focus focus(String category) {
        return PROBLEMS.stream().filter(p -> p.category().equals(category)).findFirst().orElse(null);
    }

    /** Routine work and the three problems of a grid in the viewer's scope (404 outside it, 400 for a bad period). */
    // one read-only transaction for all its reads (each facade's read was a transaction of its own); a replica may answer
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public CityWatch of(long gridId, LocalDate from, LocalDate to, GridworkUser viewer, Locale locale) {
        Dashboards.checkPeriod(from, to);
        GridNode node = dashboards.gridInReach(gridId, viewer);
        return of(node, dashboards.children(node), demands.catalogue(), from, to, locale);
    }

    /** A grid's dashboard and its routine work and three problems, as a page shows them together. */
    public record Page(Dashboard dashboard, CityWatch watch) {
    }

    /**
     * {@link Dashboards#dashboard} and {@link #of} of the same grid and period in one read-only transaction, reading the
     * grid, its children and the category catalogue once for both.
     */
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public Page page(long gridId, LocalDate from, LocalDate to, GridworkUser viewer, Locale locale) {
        Dashboards.checkPeriod(from, to);
        GridNode node = dashboards.gridInReach(gridId, viewer);
        List<GridNode> kids = dashboards.children(node);
        Map<String, CategoryView> catalogue = demands.catalogue();
        return new Page(dashboards.dashboard(node, kids, catalogue, from, to, viewer, locale), of(node, kids, catalogue, from, to, locale));
    }

    private CityWatch of(GridNode node, List<GridNode> kids, Map<String, CategoryView> catalogue, LocalDate from, LocalDate to,
            Locale locale) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        ROUTINE_KINDS.forEach(k -> byKind.put(k, 0L));
        Map<Long, Long> byChild = new LinkedHashMap<>();
        kids.forEach(k -> byChild.put(k.id(), 0L));
        long total = 0;
        for (ListsApi.RoutineCount c : lists.routineCounts(node.path(), from, to)) {
            byKind.merge(c.kind(), c.count(), Long::sum);
            total += c.count();
            for (GridNode k : kids) {
                if (c.gridPath().startsWith(k.path())) {
                    byChild.merge(k.id(), c.count(), Long::sum);
                }
            }
        }
        List<Dashboard.Count> routine = new ArrayList<>();
        byKind.forEach((k, n) -> routine.add(new Dashboard.Count(k, label("lists.kind." + k, locale), n)));
        List<CityWatch.ChildRoutine> routineByChild = kids.stream()
                .map(k -> new CityWatch.ChildRoutine(Dashboards.ref(k), byChild.get(k.id()))).toList();

        Map<String, Long> openNow = measures.openByCategory(node, PROBLEMS.stream().map(Focus::category).toList());
        LocalDate firstMonth = to.withDayOfMonth(1).minusMonths(TREND_MONTHS - 1);
        LocalDate first = firstMonth.isBefore(from) ? firstMonth : from;
        // the period and the monthly trend of all three problems from one read of the rollup (and one of the incidents each)
        Map<String, Map<LocalDate, Long>> received = measures.receivedByDay(node,
                PROBLEMS.stream().map(Focus::category).toList(), first, to);
        Map<String, Map<Long, Long>> byKid = measures.receivedByGrid(kids, PROBLEMS.stream().map(Focus::category).toList(),
                from, to);
        List<CityWatch.Problem> problems = new ArrayList<>();
        for (Focus f : PROBLEMS) {
            Map<LocalDate, Long> days = received.get(f.category());
            Map<LocalDate, Map<String, Long>> incidentDays = f.eventType() == null ? null
                    : iot.incidentCountsByDay(node.path(), f.eventType(), first, to);
            List<CityWatch.Point> monthly = new ArrayList<>();
            for (int i = 0; i < TREND_MONTHS; i++) {
                LocalDate s = firstMonth.plusMonths(i);
                LocalDate e = s.with(TemporalAdjusters.lastDayOfMonth());
                if (e.isAfter(to)) {
                    e = to;
                }
                monthly.add(new CityWatch.Point(s.getYear() + "-" + String.format("%02d", s.getMonthValue()), s, e,
                        sum(days, s, e), incidentDays == null ? null : sum(incidents(incidentDays, s, e), node.path())));
            }
            Map<String, Long> incidents = incidentDays == null ? null : incidents(incidentDays, from, to);
            List<CityWatch.ChildProblem> children = new ArrayList<>();
            for (GridNode kid : kids) {
                children.add(new CityWatch.ChildProblem(Dashboards.ref(kid), byKid.get(f.category()).get(kid.id()),
                        incidents == null ? null : sum(incidents, kid.path())));
            }
            CategoryView cat = catalogue.get(f.category());
            problems.add(new CityWatch.Problem(f.category(), cat != null ? cat.name(locale) : label("insight.city." + f.category(), locale),
                    f.deviceType(), f.eventType(), sum(days, from, to), openNow.get(f.category()), incidents == null ? null : sum(incidents, node.path()),
                    monthly, children));
        }
        return new CityWatch(Dashboards.ref(node), from, to, routine, total, routineByChild, problems);
    }

    static Instant start(LocalDate day) {
        return day.atStartOfDay(Dashboards.ZONE).toInstant();
    }

    /** The days' counts from..to, summed. */
    private static long sum(Map<LocalDate, Long> byDay, LocalDate from, LocalDate to) {
        return byDay.entrySet().stream().filter(e -> !e.getKey().isBefore(from) && !e.getKey().isAfter(to))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The incidents of days from..to per grid path of their device. */
    private static Map<String, Long> incidents(Map<LocalDate, Map<String, Long>> byDay, LocalDate from, LocalDate to) {
        Map<String, Long> out = new java.util.HashMap<>();
        byDay.forEach((day, byPath) -> {
            if (!day.isBefore(from) && !day.isAfter(to)) {
                byPath.forEach((path, n) -> out.merge(path, n, Long::sum));
            }
        });
        return out;
    }

    private static long sum(Map<String, Long> byPath, String under) {
        return byPath.entrySet().stream().filter(e -> e.getKey().startsWith(under)).mapToLong(Map.Entry::getValue).sum();
    }

    private String label(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
