package io.gridwork.insight.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.demand.CategoryView;
import io.gridwork.demand.DemandApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.insight.Dashboard;
import io.gridwork.insight.InsightApi;
import io.gridwork.lists.ListsApi;
import io.gridwork.measures.Freshness;
import io.gridwork.measures.Measures;
import io.gridwork.measures.MeasuresApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/** Builds the dashboards from the other modules' facades; checks the viewer's scope like the rest of the application. */
@Service
public class Dashboards implements InsightApi {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int TREND_POINTS = 12;

    private final GridApi grid;
    private final MeasuresApi measures;
    private final ListsApi lists;
    private final DemandApi demands;
    private final CampaignApi campaigns;
    private final MessageSource messages;

    Dashboards(GridApi grid, MeasuresApi measures, ListsApi lists, DemandApi demands, CampaignApi campaigns,
            MessageSource messages) {
        this.grid = grid;
        this.measures = measures;
        this.lists = lists;
        this.demands = demands;
        this.campaigns = campaigns;
        this.messages = messages;
    }

    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    /** The grid the viewer's dashboard opens on: the first of the grids they cover (admins: the first top grid). */
    public GridNode homeGrid(GridworkUser viewer) {
        List<GridNode> tops = viewer.isAdmin() ? grid.roots() : grid.topsOf(viewer.scopePaths());
        return tops.stream().filter(g -> !g.retired()).findFirst()
                .orElseThrow(() -> ProblemException.notFound("grid", "scope"));
    }

    /** The grid if it exists and the viewer covers it; refused as unknown otherwise. */
    public GridNode gridInReach(long gridId, GridworkUser viewer) {
        GridNode node = grid.node(gridId).orElseThrow(() -> ProblemException.notFound("grid", gridId));
        if (!viewer.covers(node.path())) {
            throw ProblemException.outOfReach("grid", gridId);
        }
        return node;
    }

    /** The grid's lineage (root first) as far as the viewer covers it. */
    public List<Dashboard.Grid> lineageInReach(long gridId, GridworkUser viewer) {
        return grid.lineage(gridId).stream().filter(g -> viewer.covers(g.path())).map(Dashboards::ref).toList();
    }

    static void checkPeriod(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw ProblemException.badRequest("invalid-period", "'to' is before 'from'");
        }
        if (from.plusYears(5).isBefore(to)) {
            throw ProblemException.badRequest("invalid-period", "a period is at most five years");
        }
    }

    @Override
    @org.springframework.transaction.annotation.Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
    public Dashboard dashboard(long gridId, LocalDate from, LocalDate to, GridworkUser viewer, Locale locale) {
        checkPeriod(from, to);
        GridNode node = gridInReach(gridId, viewer);
        return dashboard(node, children(node), demands.catalogue(), from, to, viewer, locale);
    }

    /** The grid's children that are not retired, in their order. */
    List<GridNode> children(GridNode node) {
        return grid.children(node.id()).stream().filter(g -> !g.retired()).toList();
    }

    /** The dashboard of a grid already checked (with its period), its children and the category catalogue already read. */
    Dashboard dashboard(GridNode node, List<GridNode> kids, Map<String, CategoryView> catalogue, LocalDate from, LocalDate to,
            GridworkUser viewer, Locale locale) {
        // read before the figures: they are at least as current as this says
        Freshness freshness = measures.freshness();
        Measures total = measures.of(node, from, to, null, null);

        List<Dashboard.Count> byState = new ArrayList<>();
        // the period's demands by their state now, from the state rollup (not a count of the period's demands per view)
        measures.byState(node, from, to).forEach((s, n) -> byState.add(new Dashboard.Count(s.name(), label("demand.status." + s, locale), n)));
        List<Dashboard.Count> byCategory = new ArrayList<>();
        measures.receivedByCategory(node, from, to).forEach((c, n) -> byCategory.add(new Dashboard.Count(c,
                catalogue.containsKey(c) ? catalogue.get(c).name(locale) : c, n)));
        List<Dashboard.Count> byParty = new ArrayList<>();
        measures.receivedByParty(node, from, to).forEach((p, n) -> byParty.add(new Dashboard.Count(p.name(), label("party." + p, locale), n)));

        List<Dashboard.Trend> weekly = new ArrayList<>();
        List<Dashboard.Trend> monthly = new ArrayList<>();
        LocalDate firstWeek = to.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(TREND_POINTS - 1);
        LocalDate firstMonth = to.withDayOfMonth(1).minusMonths(TREND_POINTS - 1);
        LocalDate first = firstWeek.isBefore(firstMonth) ? firstWeek : firstMonth;
        Map<LocalDate, Measures> days = measures.daily(node, first, to);
        // the rectification list's items of the whole span, one read for the period, every trend point and child
        List<Long> ids = new ArrayList<>(List.of(node.id()));
        kids.forEach(k -> ids.add(k.id()));
        ListsApi.RectificationDays rects = lists.rectificationDays(ids, first.isBefore(from) ? first : from, to);
        Dashboard.Rectification rect = rectification(rects, node, from, to);
        for (int i = 0; i < TREND_POINTS; i++) {
            LocalDate start = firstWeek.plusWeeks(i);
            LocalDate end = min(start.plusDays(6), to);
            weekly.add(new Dashboard.Trend(start.getMonthValue() + "/" + start.getDayOfMonth(), start, end,
                    sum(node, days, start, end), rectification(rects, node, start, end)));
        }
        for (int i = 0; i < TREND_POINTS; i++) {
            LocalDate start = firstMonth.plusMonths(i);
            LocalDate end = min(start.with(TemporalAdjusters.lastDayOfMonth()), to);
            monthly.add(new Dashboard.Trend(start.getYear() + "-" + String.format("%02d", start.getMonthValue()), start, end,
                    sum(node, days, start, end), rectification(rects, node, start, end)));
        }

        List<Measures> kidMeasures = measures.of(kids, from, to, null, null);
        List<Dashboard.Child> children = new ArrayList<>();
        for (int i = 0; i < kids.size(); i++) {
            children.add(new Dashboard.Child(ref(kids.get(i)), kidMeasures.get(i), rectification(rects, kids.get(i), from, to)));
        }
        List<Dashboard.Grid> lineage = grid.lineage(node.id()).stream().filter(g -> viewer.covers(g.path())).map(Dashboards::ref).toList();
        return new Dashboard(ref(node), lineage, from, to, freshness.asOf(), freshness.lagSeconds(), total, rect, byState, byCategory,
                byParty, weekly, monthly, children, campaigns.runningCoverage(node.path()));
    }

    private static Dashboard.Rectification rectification(ListsApi.RectificationDays rects, GridNode node, LocalDate from, LocalDate to) {
        ListsApi.RectificationCount c = rects.count(node.id(), from, to);
        return new Dashboard.Rectification(c.found(), c.rectified(), c.rate());
    }

    /** The sum of the daily measures of days {@code from}..{@code to}. */
    static Measures sum(GridNode g, Map<LocalDate, Measures> days, LocalDate from, LocalDate to) {
        long[] c = new long[8];
        days.forEach((day, m) -> {
            if (!day.isBefore(from) && !day.isAfter(to)) {
                c[0] += m.received();
                c[1] += m.resolved();
                c[2] += m.respondDue();
                c[3] += m.respondOnTime();
                c[4] += m.resolveDue();
                c[5] += m.resolveOnTime();
                c[6] += m.ratings();
                c[7] += m.satisfied();
            }
        });
        return new Measures(g.id(), g.name(), c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
    }

    /** The last week and month of a trend end with the period. */
    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? b : a;
    }

    static Dashboard.Grid ref(GridNode g) {
        return new Dashboard.Grid(g.id(), g.name(), g.level().name());
    }

    private String label(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
