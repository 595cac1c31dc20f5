package io.gridwork.insight.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.DemandApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.insight.Dashboard;
import io.gridwork.iot.IotApi;
import io.gridwork.measures.MeasuresApi;
import io.gridwork.shared.security.GridworkUser;

/**
 * The tracking view of the three city-wide problems for a community or compound (issue 13): for each problem the demands
 * open now and those received in the last days (their counts from the measures rollups, the newest of them from the demand
 * module's digests: no reporter, no phone) and the devices that watch it, counted, the first of them listed
 * with their recent incidents (the iot module), each with the demand it raised.
 */
@Service
public class CityTracking {

    /** Demands and incidents shown per problem and list. */
    static final int LIMIT = 20;

    /** Devices listed per problem: those with the most incidents of the period first; the rest are on the device list. */
    static final int DEVICES = 10;

    public record Tracking(Dashboard.Grid grid, List<Dashboard.Grid> lineage, List<Dashboard.Grid> children, LocalDate from,
            LocalDate to, List<Track> problems) {
    }

    /** One problem: the demands open now (their count and the newest), the recent ones, and the devices (null: none watch it). */
    public record Track(String category, String label, long openCount, List<DemandApi.Digest> open, long recentCount,
            List<DemandApi.Digest> recent, IotApi.DeviceWatches devices) {
    }

    private final Dashboards dashboards;
    private final GridApi grid;
    private final DemandApi demands;
    private final IotApi iot;
    private final MeasuresApi measures;

    CityTracking(Dashboards dashboards, GridApi grid, DemandApi demands, IotApi iot, MeasuresApi measures) {
        this.dashboards = dashboards;
        this.grid = grid;
        this.demands = demands;
        this.iot = iot;
        this.measures = measures;
    }

    /** The view of a grid in the viewer's scope (404 outside it) over the {@code days} days that end today. */
    // one read-only transaction for all its reads (each facade's read was a transaction of its own); a replica may answer
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public Tracking of(long gridId, int days, GridworkUser viewer, Locale locale) {
        GridNode node = dashboards.gridInReach(gridId, viewer);
        LocalDate to = Dashboards.today();
        LocalDate from = to.minusDays(days - 1L);
        var start = CityWatches.start(from);
        var end = CityWatches.start(to.plusDays(1));
        Map<String, CategoryView> catalogue = demands.catalogue();
        // the counts from the measures folder's rollups (a few rows however many demands there are): open now, and
        // received (not rejected) in the period, as the lists they link to filter them
        List<String> categories = CityWatches.PROBLEMS.stream().map(CityWatches.Focus::category).toList();
        Map<String, Long> openNow = measures.openByCategory(node, categories);
        Map<String, Map<LocalDate, Long>> received = measures.receivedByDay(node, categories, from, to);
        List<Track> tracks = new ArrayList<>();
        for (CityWatches.Focus f : CityWatches.PROBLEMS) {
            List<DemandApi.Digest> openList = demands.digests(new DemandApi.DigestQuery(node.path(), List.of(), List.of(f.category()),
                    null, null, true, null, LIMIT));
            long recentCount = received.get(f.category()).values().stream().mapToLong(Long::longValue).sum();
            List<DemandApi.Digest> recent = demands.digests(new DemandApi.DigestQuery(node.path(), List.of(), List.of(f.category()),
                    start, end, null, null, LIMIT));
            IotApi.DeviceWatches devices = f.deviceType() == null ? null
                    : iot.watch(node.path(), f.deviceType(), f.eventType(), start, end, DEVICES);
            CategoryView cat = catalogue.get(f.category());
            tracks.add(new Track(f.category(), cat != null ? cat.name(locale) : f.category(), openNow.get(f.category()), openList,
                    recentCount, recent, devices));
        }
        List<Dashboard.Grid> lineage = grid.lineage(node.id()).stream().filter(g -> viewer.covers(g.path()))
                .map(Dashboards::ref).toList();
        List<Dashboard.Grid> children = grid.children(node.id()).stream().filter(g -> !g.retired()).map(Dashboards::ref).toList();
        return new Tracking(Dashboards.ref(node), lineage, children, from, to, tracks);
    }
}
